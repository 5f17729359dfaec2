using FlashBench.Core.DeviceWatch;
using FlashBench.Core.Machine;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;

namespace FlashBench.Tests.DeviceWatch;

/// <summary>The watch's rules on a scripted sequence of probe readings (the reads themselves are the DeviceProbe's, tested
/// on a real file below): settling, the degraded band, a change between two probes, the baseline that only rises, and the
/// wait for a slowed device.</summary>
public sealed class DeviceWatchTests
{
    private static readonly DeviceWatchOptions Fast = new() { ProbePause = TimeSpan.Zero, SettleMax = TimeSpan.FromSeconds(30), DegradedWait = TimeSpan.FromSeconds(30) };

    [Fact]
    public void Settling_stops_at_the_first_steady_window_and_takes_its_mean_as_the_baseline()
    {
        using var watch = new FlashBench.Core.DeviceWatch.DeviceWatch(new ScriptedProbe(900, 300, 640, 660, 650, 640, 660, 1), Fast);
        var outcome = watch.Settle();
        Assert.True(outcome.Steady);
        Assert.Equal(7, outcome.ProbesMBps.Count);
        Assert.Equal(650, outcome.BaselineMBps, 0.01);
        Assert.All(watch.Probes, p => Assert.Equal(ProbeKinds.Settle, p.Kind));
    }

    [Fact]
    public void A_probe_below_half_the_baseline_is_degraded_and_a_faster_one_is_not()
    {
        using var watch = Settled(650, 20, 1500);
        Assert.Equal(DeviceStates.Degraded, watch.Boundary("bundling", "a").State);
        Assert.Equal(DeviceStates.Steady, watch.Boundary("bundling", "b").State);
        Assert.True(watch.Changed(650, 20));
        Assert.True(watch.Changed(300, 800));
        Assert.False(watch.Changed(600, 700));
    }

    [Fact]
    public void The_baseline_rises_to_a_higher_steady_level_and_a_fall_back_is_then_degraded()
    {
        // settled at 260 while the host wrote back the run's data, then recovered to 800
        using var watch = Settled(260, 790, 800, 810, 805, 795, 270);
        for (int i = 0; i < 5; i++)
            Assert.Equal(DeviceStates.Steady, watch.Boundary("throughput", $"p{i}").State);
        Assert.Equal(800, watch.Baseline!.Value, 0.01);
        Assert.Equal([260.0, 800.0], watch.Baselines.Select(b => Math.Round(b.MBps)));
        Assert.Equal(DeviceStates.Degraded, watch.Boundary("throughput", "p5").State);
    }

    [Fact]
    public void A_fall_never_lowers_the_baseline()
    {
        using var watch = Settled(650, 20, 21, 20, 20, 21, 20);
        for (int i = 0; i < 6; i++)
            Assert.Equal(DeviceStates.Degraded, watch.Boundary("latency", $"c{i}").State);
        Assert.Equal(650, watch.Baseline!.Value, 0.01);
    }

    [Fact]
    public void Waiting_ends_when_three_probes_in_a_row_are_back_inside_the_band()
    {
        using var watch = Settled(650, 20, 600, 30, 600, 610, 620, 1);
        Assert.True(watch.WaitUntilBack("bundling"));
        Assert.Equal(6, watch.Probes.Count(p => p.Kind == ProbeKinds.Wait));
    }

    [Fact]
    public void Waiting_gives_up_after_the_degraded_wait()
    {
        using var watch = new FlashBench.Core.DeviceWatch.DeviceWatch(new ScriptedProbe([.. Enumerable.Repeat(650.0, 5), 20.0]),
            Fast with { DegradedWait = TimeSpan.FromMilliseconds(50) });
        watch.Settle();
        Assert.False(watch.WaitUntilBack("bundling"));
    }

    private static FlashBench.Core.DeviceWatch.DeviceWatch Settled(double baseline, params double[] after)
    {
        var watch = new FlashBench.Core.DeviceWatch.DeviceWatch(new ScriptedProbe([.. Enumerable.Repeat(baseline, 5), .. after]), Fast);
        Assert.True(watch.Settle().Steady);
        return watch;
    }

    /// <summary>Readings of the given MB/s, one per call, in order; the last one repeats.</summary>
    private sealed class ScriptedProbe(params double[] megabytesPerSecond) : IDeviceProbe
    {
        private int _next;

        public ProbeReading Measure()
        {
            double mbps = megabytesPerSecond[Math.Min(_next++, megabytesPerSecond.Length - 1)];
            var reads = new TimedReads(DeviceProbe.ReadBytes, 1000, TimeSpan.FromSeconds(1000.0 * DeviceProbe.ReadBytes / (mbps * 1e6)));
            return new ProbeReading(DateTime.UtcNow, reads, false, null, null);
        }

        public BlockDeviceStat? Counters() => null;

        public void Dispose() { }
    }
}
