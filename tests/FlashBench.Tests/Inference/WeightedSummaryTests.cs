using FlashBench.Core.Inference.Results;
using FlashBench.Core.Machine;
using FlashBench.Core.Models;

namespace FlashBench.Tests.Inference;

/// <summary>tokens.csv → per-token figures: rows weighted by the layers they stand for (LM head once), weight bytes
/// apart from padding, compute GB/s against the probe at the compute thread count, and the JIT outlier flag.</summary>
public sealed class WeightedSummaryTests
{
    private static readonly MemoryBandwidth Probe = new()
    {
        OneCoreGbps = 10, AllCoresGbps = 20, SingleStreamOneCoreGbps = 8, SingleStreamAllCoresGbps = 16, Threads = 2, BufferBytes = 1 << 30, LastLevelCacheBytes = null, Repetitions = 1,
        OneCoreSamplesGbps = [10], AllCoresSamplesGbps = [20], Method = "test",
    };

    [Fact]
    public void Token_figures_weight_each_layer_and_count_the_head_once()
    {
        var rows = Rows("all", computeMsPerLayer: 1, computeBytesPerLayer: 20_000_000).ToList();
        var summary = ConfigSummary.From(rows).Single();
        // layer 14 ×28 and layer 30 ×4 at 1 ms each, plus the head at 2 ms
        Assert.Equal(28 + 4 + 2, summary.Compute.Mean, 9);
        Assert.Equal(28 * 100.0 + 4 * 100 + 0, summary.Io.Mean, 9);
        Assert.Equal((28 + 4) * 1000.0, summary.BytesPerToken, 6);
        Assert.Equal((28 + 4) * 900.0, summary.WeightBytesPerToken, 6);
        double computeBytes = 32 * 20_000_000.0 + 40_000_000;
        Assert.Equal(computeBytes, summary.ComputeBytesPerToken, 3);
        Assert.Equal(computeBytes / 0.034 / 1e9, summary.ComputeGbps, 6);
    }

    [Fact]
    public void Tables_show_padding_apart_and_compute_against_the_probe()
    {
        var rows = Rows("naive", 1, 20_000_000).Concat(Rows("all", 1, 20_000_000)).ToList();
        var (table2, table3) = LatencyTables.Build(rows, Models(), Probe);
        var all2 = table2.Single(r => r.Config == "all");
        Assert.Equal(32 * 900 / 1e9, all2.FlashToDramGb, 12);
        Assert.Equal(32 * 100 / 1e9, all2.PaddingGb, 12);
        Assert.Equal(all2.FlashToDramGb / (all2.IoMs / 1000), all2.ThroughputGbps, 9);
        Assert.True(all2.DeviceGbps > all2.ThroughputGbps);
        var all3 = table3.Single(r => r.Config == "all");
        Assert.Equal(20, all3.ProbeGbps); // 2 compute threads: the all-core figure
        Assert.Equal(all3.ComputeGbps / 20, all3.ComputeFractionOfProbe!.Value, 9);
        Assert.False(all3.ComputeOutlier);
    }

    [Fact]
    public void Each_token_is_judged_against_the_probe_pass_measured_after_it()
    {
        // tokens 0, 1, 2 compute at the same rate; the machine's bandwidth was 40, 20 and 25 GB/s after them
        double[] probes = [40, 20, 25];
        var rows = Rows("all", 1, 20_000_000).Select(r => { r.ProbeGbps = probes[r.Token]; return r; }).ToList();
        var summary = ConfigSummary.From(rows).Single();
        double rate = (32 * 20_000_000.0 + 40_000_000) / 0.034 / 1e9;
        Assert.Equal(rate, summary.ComputeRate!.Median, 6);
        Assert.Equal((25.0, 20.0, 40.0), (summary.ProbeRate!.Median, summary.ProbeRate.Min, summary.ProbeRate.Max));
        Assert.Equal(rate / 25, summary.ProbeFraction!.Median, 9);
        Assert.Equal(rate / 40, summary.ProbeFraction.Min, 9);
        Assert.Equal(rate / 20, summary.ProbeFraction.Max, 9);

        var (_, table3) = LatencyTables.Build(rows, Models(), Probe);
        var all3 = table3.Single();
        Assert.Equal(25, all3.ProbeGbps); // the paired passes, not the run's probe (20)
        Assert.Equal(rate / 25, all3.ComputeFractionOfProbe!.Value, 9);
        Assert.Equal(rate / 40, all3.ComputeFractionLow!.Value, 9);
        Assert.Equal(rate / 20, all3.ComputeFractionHigh!.Value, 9);
    }

    [Fact]
    public void The_io_control_is_the_median_over_iterations_and_reaches_table2()
    {
        double[] controls = [0.8, 1.2, 0.9];
        var rows = Enumerable.Range(0, 3).SelectMany(i => Rows("all", 1, 20_000_000).Select(r =>
        {
            r.Iteration = i;
            r.ControlGbps = controls[i];
            r.ControlReadBytes = 16384;
            return r;
        })).ToList();
        var summary = ConfigSummary.From(rows).Single();
        Assert.Equal((0.9, 0.8, 1.2), (summary.Control!.Median, summary.Control.Min, summary.Control.Max));
        var (table2, _) = LatencyTables.Build(rows, Models());
        Assert.Equal(0.9, table2.Single().ControlGbps);
        Assert.Equal(16384, table2.Single().ControlReadBytes);

        var (without, _) = LatencyTables.Build(Rows("all", 1, 20_000_000).ToList(), Models());
        Assert.Null(without.Single().ControlGbps);
    }

    [Fact]
    public void Compute_rate_is_the_median_token_so_one_stalled_token_does_not_move_it()
    {
        var rows = Rows("all", 1, 20_000_000).Select(r =>
        {
            if (r.Token == 1)
                r.ComputeMs *= 10; // a token the host descheduled
            return r;
        }).ToList();
        var summary = ConfigSummary.From(rows).Single();
        double rate = (32 * 20_000_000.0 + 40_000_000) / 0.034 / 1e9;
        Assert.Equal(rate, summary.ComputeRate!.Median, 6);
        Assert.Equal(rate / 10, summary.ComputeRate.Min, 6);
        Assert.True(summary.ComputeGbps < rate / 2); // the mean-based figure carries the stall
        Assert.Null(summary.ProbeFraction);
    }

    [Fact]
    public void A_configuration_computing_over_twice_as_slowly_per_weight_is_flagged()
    {
        var rows = Rows("naive", 1, 20_000_000).Concat(Rows("hybrid", 1, 20_000_000))
            .Concat(Rows("all", 5, 20_000_000)).ToList();
        var (_, table3) = LatencyTables.Build(rows, Models());
        Assert.True(table3.Single(r => r.Config == "all").ComputeOutlier);
        Assert.False(table3.Single(r => r.Config == "naive").ComputeOutlier);
        Assert.All(table3, r => Assert.Null(r.ProbeGbps)); // no probe given
    }

    [Fact]
    public void Older_rows_without_weights_extrapolate_uniformly()
    {
        var rows = Rows("all", 1, 0).Select(r => { r.LayerWeight = 0; r.WeightBytesLoaded = 0; return r; }).ToList();
        var summary = ConfigSummary.From(rows).Single();
        Assert.Equal(16 + 16 + 2, summary.Compute.Mean, 9); // ×32/2 per layer, the head still once
        Assert.Equal(summary.BytesPerToken, summary.WeightBytesPerToken);
    }

    private static Dictionary<string, LatencyTables.ModelRun> Models() =>
        new() { ["opt-6.7b"] = new LatencyTables.ModelRun(ModelShapes.Opt6_7B, 0.5, "note") };

    /// <summary>Three steady tokens: layers 14 (×28) and 30 (×4), 100 ms I/O each, then the LM head (2 ms, 40 MB).</summary>
    private static IEnumerable<TokenRow> Rows(string config, double computeMsPerLayer, long computeBytesPerLayer)
    {
        for (int token = 0; token < 3; token++)
        {
            foreach (var (layer, weight) in new[] { (14, 28.0), (30, 4.0) })
            {
                yield return new TokenRow
                {
                    Model = "opt-6.7b", Config = config, Precision = "fp16", Token = token, Layer = layer, Phase = "steady",
                    IoMs = 100, ComputeMs = computeMsPerLayer, TotalMs = 100 + computeMsPerLayer, BytesLoaded = 1000, WeightBytesLoaded = 900,
                    Reads = 10, ComputeBytes = computeBytesPerLayer, LayerWeight = weight, LayersRun = 2, LayersModel = 32, ComputeThreads = 2,
                    Cache = "cold", ReadMethod = "direct",
                };
            }
            yield return new TokenRow
            {
                Model = "opt-6.7b", Config = config, Precision = "fp16", Token = token, Layer = TokenRow.LmHeadLayer, Phase = "steady",
                ComputeMs = 2, TotalMs = 2, ComputeBytes = 40_000_000, LayerWeight = 1, LayersRun = 2, LayersModel = 32, ComputeThreads = 2,
                Cache = "cold", ReadMethod = "direct",
            };
        }
    }
}
