using FlashBench.Core.Inference.Results;
using FlashBench.Core.Results;
using FlashBench.Reporting.Throughput;

namespace FlashBench.Reporting.Comparison;

/// <summary>How each experiment's results are compared and recorded in the history.
/// TEMPORARY HOME: the experiment definitions (issue 8) will each construct their own descriptor with
/// <see cref="ComparisonDescriptor.For{TRow}"/> and this list will go; until then it is the one place.
/// Families (one gate each): throughput per read method; one "sparse loaders" gate for windowing, bundling, memory
/// and precision (they run the same loader and read path, and one gate instead of four keeps the chance of a
/// false alarm across gates down); latency per configuration; micro-benchmarks per benchmark family.</summary>
public static class ComparisonDescriptors
{
    public const string SparseLoadersFamily = "sparse loaders";

    public static IReadOnlyList<IComparisonDescriptor> All { get; } =
    [
        ComparisonDescriptor.For<ThroughputRow>("throughput", ThroughputRow.FileName)
            .Keys(r => r.Method, r => r.ChunkBytes, r => r.Threads)
            .Replicate(r => r.Pass)
            .Samples(r => r.Iteration)
            .Metric(r => r.ThroughputMBps, MetricDirection.HigherIsBetter)
            .Reference(r => r.ReferenceMBps)
            .ExcludeWhen(r => !string.IsNullOrEmpty(r.Excluded) || ThroughputGroup.IsWarm(r))
            .Family(r => "throughput " + r.Method)
            .Build(),
        Sparse("windowing", r => r.IoMs, MetricDirection.LowerIsBetter, keys: [r => r.Model, r => r.Precision, r => r.Layout, r => r.Window]),
        Sparse("bundling", r => r.EffectiveGBps, MetricDirection.HigherIsBetter, keys: [r => r.Model, r => r.Precision, r => r.Layout]),
        Sparse("memory", r => r.MemoryMs, MetricDirection.LowerIsBetter, keys: [r => r.Model, r => r.Precision, r => r.Manager, r => r.Window]),
        Sparse("precision", r => r.IoMs, MetricDirection.LowerIsBetter, keys: [r => r.Model, r => r.Precision, r => r.Layout]),
        ComparisonDescriptor.For<TokenRow>("latency", TokenRow.FileName)
            .Keys(r => r.Model, r => r.Config, r => r.Precision)
            .Samples(r => r.Iteration, r => r.Token)
            .SumPerSample() // one row per layer: a token's latency is the sum over its layers
            .Metric(r => r.TotalMs, MetricDirection.LowerIsBetter)
            .ExcludeWhen(r => r.Phase == "cold")
            .Family(r => "latency " + r.Config)
            .Build(),
        ComparisonDescriptor.For<MicroBenchmarkRow>("micro", MicroBenchmarkRow.FileName)
            .Keys(r => r.Family, r => r.Benchmark)
            .Replicate(r => r.Pass)
            .Samples(r => r.Iteration)
            .Metric(r => r.NanosecondsPerOperation, MetricDirection.LowerIsBetter, MetricKind.Warm)
            .Family(r => "micro " + r.Family)
            .Build(),
        // Allocations are deterministic: one more object per call shows in every round even when its time hides in
        // the noise. Tolerance: half the smallest .NET object on 64-bit (24 bytes), so a single allocation counts.
        ComparisonDescriptor.For<MicroBenchmarkRow>("micro", MicroBenchmarkRow.FileName)
            .Keys(r => r.Family, r => r.Benchmark)
            .Replicate(r => r.Pass)
            .Samples(r => r.Iteration)
            .CountedMetric(r => r.AllocatedBytesPerOperation, MetricDirection.LowerIsBetter, tolerance: 12)
            .Family(r => "micro " + r.Family)
            .Build(),
    ];

    private static ComparisonDescriptor<SparseTokenRow> Sparse(string experiment, System.Linq.Expressions.Expression<Func<SparseTokenRow, double>> metric,
        MetricDirection direction, System.Linq.Expressions.Expression<Func<SparseTokenRow, object?>>[] keys) =>
        ComparisonDescriptor.For<SparseTokenRow>(experiment, experiment + ".csv")
            .Keys(keys)
            .Samples(r => r.Token)
            .Metric(metric, direction)
            .Family(_ => SparseLoadersFamily)
            .Build();
}
