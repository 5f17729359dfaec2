using FlashBench.Bench.Experiments.Adapters;
using FlashBench.Bench.Experiments.Bundling;
using FlashBench.Bench.Experiments.Latency;
using FlashBench.Bench.Experiments.Memory;
using FlashBench.Bench.Experiments.Micro;
using FlashBench.Bench.Experiments.OnDevice;
using FlashBench.Bench.Experiments.Precisions;
using FlashBench.Bench.Experiments.Throughput;
using FlashBench.Bench.Experiments.Windowing;
using FlashBench.Reporting;
using FlashBench.Reporting.Comparison;

namespace FlashBench.Bench.Hosting;

/// <summary>Every experiment, once. The default suite runs them in <see cref="IExperiment.Order"/>; the CLI offers each as
/// a command; the report and the comparer read their outputs through the same definitions.</summary>
public static class ExperimentCatalog
{
    public static ThroughputExperiment Throughput { get; } = new();

    public static IReadOnlyList<IExperiment> All { get; } = new IExperiment[]
    {
        Throughput,
        new WindowingExperiment(),
        new BundlingExperiment(),
        new MemoryExperiment(),
        new PrecisionExperiment(),
        new LatencyExperiment(),
        new MicroExperiment(),
        new OnDeviceExperiment(),
        new AdaptersExperiment(),
    }.OrderBy(e => e.Order).ToList();

    /// <summary>How `compare` and `history` read every experiment's results.</summary>
    public static IReadOnlyList<IComparisonDescriptor> Comparisons { get; } = All.SelectMany(e => e.Comparisons).ToList();

    /// <summary>What REPORT.md is built from: each experiment's result file and report sections, in order.</summary>
    public static IReadOnlyList<ExperimentReports> ReportParts { get; } =
        All.Select(e => new ExperimentReports(e.Name, e.CsvFileName, e.Reports)).ToList();
}
