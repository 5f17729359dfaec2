using FlashBench.Bench.Cli;
using FlashBench.Bench.Experiments.Sparse;
using FlashBench.Core.Weights;
using FlashBench.Reporting;
using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.Charts;

namespace FlashBench.Bench.Experiments.Bundling;

/// <summary>`bundling`: §3.2 — separate vs bundled layout at the same trace and window: effective GB/s and I/O time per token.</summary>
public sealed class BundlingExperiment : SparseExperiment
{
    public override string Name => "bundling";

    public override string Description =>
        "§3.2 row-column bundling: separate vs bundled reads, effective throughput and I/O time per token (paper: 1.25 → 2.25 GB/s)";

    public override int Order => 21;

    public override Type BenchmarkType => typeof(BundlingBenchmark);

    public override IReadOnlyList<IComparisonDescriptor> Comparisons => [Comparison(r => r.EffectiveGBps, MetricDirection.HigherIsBetter, r => r.Model, r => r.Precision, r => r.Layout)];

    protected override IExperimentReport Report(string csvFileName) => new BundlingReport(Name, csvFileName);

    protected override SparseOptions Design(SparseOptions defaults, Profile profile) =>
        defaults with { Layouts = [WeightLayout.Separate, WeightLayout.Bundled], IoControl = ControlDuration };

    /// <summary>The I/O control after every token: the bundling gain is a headline ratio, so each side is judged against
    /// the device at its own read size, read right after it (150 ms: ~100 MB at this disk's rate, a fraction of a token).</summary>
    private static readonly TimeSpan ControlDuration = TimeSpan.FromMilliseconds(150);
}
