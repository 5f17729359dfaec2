using FlashBench.Bench.Cli;
using FlashBench.Bench.Experiments.Sparse;
using FlashBench.Core.Models;
using FlashBench.Reporting;
using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.Charts;

namespace FlashBench.Bench.Experiments.Precisions;

/// <summary>`precision` (beyond the paper): fp16, int8 and int4 bundles — smaller chunks, fewer bytes — effective GB/s and
/// I/O time per token, to show where smaller weights stop paying on this device.</summary>
public sealed class PrecisionExperiment : SparseExperiment
{
    /// <summary>Quick and standard runs measure precision on OPT 6.7B scaled to 4 layers: the same per-layer sizes and
    /// depth profile, without another 6.4 GB of int8/int4 files beside the two full fp16 ones (--full, or --layers 32,
    /// measures the whole model).</summary>
    public const int SuiteLayers = 4;

    public override string Name => "precision";

    public override string Description => "Beyond the paper: fp16 vs int8 vs int4 bundles — effective throughput and I/O time per token";

    public override int Order => 23;

    public override Type BenchmarkType => typeof(PrecisionBenchmark);

    public override IReadOnlyList<IComparisonDescriptor> Comparisons => [Comparison(r => r.IoMs, MetricDirection.LowerIsBetter, r => r.Model, r => r.Precision, r => r.Layout)];

    protected override IExperimentReport Report(string csvFileName) => new PrecisionReport(Name, csvFileName);

    protected override SparseOptions Design(SparseOptions defaults, Profile profile) => defaults with
    {
        Precisions = [Precision.Fp16, Precision.Int8, Precision.Int4],
        Layers = profile == Profile.Full ? null : SuiteLayers,
    };
}
