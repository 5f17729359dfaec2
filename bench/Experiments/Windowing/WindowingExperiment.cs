using FlashBench.Bench.Cli;
using FlashBench.Bench.Experiments.Sparse;
using FlashBench.Reporting;
using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.Charts;

namespace FlashBench.Bench.Experiments.Windowing;

/// <summary>`windowing`: §3.1, Fig. 4 — neurons and bytes loaded per token, I/O time and DRAM held as the window k grows.</summary>
public sealed class WindowingExperiment : SparseExperiment
{
    public override string Name => "windowing";

    public override string Description =>
        "§3.1 windowing: neurons/bytes loaded per token, I/O time and DRAM held for window k = 0,1,2,4,5,8,16 (Fig. 4)";

    public override int Order => 20;

    public override Type BenchmarkType => typeof(WindowingBenchmark);

    public override IReadOnlyList<IComparisonDescriptor> Comparisons => [Comparison(r => r.IoMs, MetricDirection.LowerIsBetter, r => r.Model, r => r.Precision, r => r.Layout, r => r.Window)];

    protected override IExperimentReport Report(string csvFileName) => new WindowingReport(Name, csvFileName);

    /// <summary>k = 0 is the predictor alone; 4 and 5 are the paper's OPT settings (Table 3, Fig. 4); 16 shows the flattening.</summary>
    protected override SparseOptions Design(SparseOptions defaults, Profile profile) => defaults with { Windows = [0, 1, 2, 4, 5, 8, 16] };
}
