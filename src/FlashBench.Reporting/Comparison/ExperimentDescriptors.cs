namespace FlashBench.Reporting.Comparison;

/// <summary>The one place that says how each experiment's results are compared (CSV contracts agreed
/// with the experiments' authors). Add a row here when an experiment adds a CSV.</summary>
public static class ExperimentDescriptors
{
    public static IReadOnlyList<ExperimentDescriptor> All { get; } =
    [
        new("throughput", "throughput.csv", ["method", "chunk_bytes", "threads"], "iteration", "throughput_mb_s", MetricDirection.HigherIsBetter, DefaultNoise: 1.0,
            ExcludeColumn: "cache", ExcludeValue: "warm"),
        new("windowing", "windowing.csv", ["model", "precision", "layout", "window"], "token", "io_ms", MetricDirection.LowerIsBetter, DefaultNoise: 0.01),
        new("bundling", "bundling.csv", ["model", "precision", "layout"], "token", "effective_gb_s", MetricDirection.HigherIsBetter, DefaultNoise: 0.001),
        new("memory", "memory.csv", ["model", "precision", "manager", "window"], "token", "memory_ms", MetricDirection.LowerIsBetter, DefaultNoise: 0.01),
        new("precision", "precision.csv", ["model", "precision", "layout"], "token", "io_ms", MetricDirection.LowerIsBetter, DefaultNoise: 0.01),
        new("latency", "tokens.csv", ["model", "config", "precision"], "token", "total_ms", MetricDirection.LowerIsBetter, DefaultNoise: 0.01,
            SumPerSample: true, ExcludeColumn: "phase", ExcludeValue: "cold"),
    ];
}
