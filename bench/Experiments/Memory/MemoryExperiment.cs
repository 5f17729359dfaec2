using FlashBench.Bench.Cli;
using FlashBench.Bench.Experiments.Sparse;
using FlashBench.Core.Memory;
using FlashBench.Reporting;
using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.Charts;

namespace FlashBench.Bench.Experiments.Memory;

/// <summary>`memory`: §3.3 — preallocated slot matrix vs a matrix rebuilt every token: time and bytes copied per token.</summary>
public sealed class MemoryExperiment : SparseExperiment
{
    public override string Name => "memory";

    public override string Description =>
        "§3.3 memory management: preallocated slots (delete = move last row, insert = append) vs a matrix rebuilt every token";

    public override int Order => 22;

    public override Type BenchmarkType => typeof(MemoryBenchmark);

    public override IReadOnlyList<IComparisonDescriptor> Comparisons => [Comparison(r => r.MemoryMs, MetricDirection.LowerIsBetter, r => r.Model, r => r.Precision, r => r.Manager, r => r.Window)];

    protected override IExperimentReport Report(string csvFileName) => new MemoryReport(Name, csvFileName);

    protected override SparseOptions Design(SparseOptions defaults, Profile profile) => defaults with { Managers = NeuronManagers.All };
}
