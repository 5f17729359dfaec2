using FlashBench.Core.DeviceWatch;

namespace FlashBench.Tests.DeviceWatch;

/// <summary>The SNIA PTS steady-state rule over the last five probes: each within ±20 % of the mean, and the fitted
/// line's excursion across the window at most 10 % of the mean.</summary>
public sealed class SteadyStateRuleTests
{
    [Fact]
    public void Five_probes_close_to_their_mean_with_no_trend_are_steady()
    {
        var judgement = SteadyStateRule.Snia.Judge([900, 650, 700, 640, 660, 690, 650]);
        Assert.True(judgement.Steady);
        Assert.Equal(668, judgement.Mean, 9);
    }

    [Fact]
    public void Fewer_probes_than_the_window_are_never_steady() =>
        Assert.False(SteadyStateRule.Snia.IsSteady([650, 650, 650, 650]));

    [Fact]
    public void A_probe_beyond_the_band_is_not_steady() =>
        Assert.False(SteadyStateRule.Snia.IsSteady([650, 650, 650, 650, 900])); // 900 is 32 % above the mean of 700

    [Fact]
    public void A_steady_slide_inside_the_band_is_not_steady()
    {
        // every probe within ±20 % of 650, but the line falls 12 % of the mean across the window: still draining a burst
        var judgement = SteadyStateRule.Snia.Judge([690, 670, 650, 630, 610]);
        Assert.False(judgement.Steady);
        Assert.Equal(80.0 / 650, judgement.SlopeExcursion, 9);
    }

    [Fact]
    public void A_device_collapsing_thirtyfold_is_not_steady_until_it_stays_there()
    {
        var rule = SteadyStateRule.Snia;
        Assert.False(rule.IsSteady([650, 640, 20, 21, 20]));
        Assert.True(rule.IsSteady([650, 640, 20, 21, 20, 20, 21, 20]));
    }
}
