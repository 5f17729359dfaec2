namespace FlashBench.Core.DeviceWatch;

/// <summary>How the device is watched: how long to wait for a steady device before the first measurement
/// (<see cref="SettleMax"/>), how long to wait for a slowed device to come back before a case is measured again
/// (<see cref="DegradedWait"/>), and the band outside which a probe is degraded: below <see cref="DegradedFraction"/> of
/// the settled baseline, or above the baseline ÷ <see cref="DegradedFraction"/> (a burst distorts a ratio as much as a
/// stall).</summary>
public sealed record DeviceWatchOptions
{
    public TimeSpan SettleMax { get; init; } = TimeSpan.FromSeconds(90);
    public TimeSpan DegradedWait { get; init; } = TimeSpan.FromSeconds(60);
    public double DegradedFraction { get; init; } = 0.5;
    /// <summary>A token read at under this share of its case's median read rate (over every pass measured so far) marks
    /// its case measurement degraded: the device slowed inside the case, between two probes that saw nothing. Looser than
    /// the probe's band, since a token's reads are fewer than a probe's (latency tokens of a sampled layer read a few MB:
    /// in the reference runs the slowest steady token read at 0.34 of its configuration's median).</summary>
    public double SlowTokenFraction { get; init; } = 0.25;
    /// <summary>The pause between probes while settling or waiting (the probes themselves read for their duration).</summary>
    public TimeSpan ProbePause { get; init; } = TimeSpan.FromMilliseconds(250);
    /// <summary>Consecutive probes inside the band that say a slowed device is back.</summary>
    public int ProbesToRecover { get; init; } = 3;
    public SteadyStateRule Rule { get; init; } = SteadyStateRule.Snia;
}
