using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Throughput;

namespace FlashBench.Bench.Experiments.Throughput;

/// <summary>BenchmarkDotNet's mean time per invocation is the fixed reading time, so the summary shows
/// what was read in it instead: median throughput over the measured iterations, median p50 latency, and
/// whether every iteration started with the page cache cold. Values come from the in-process plan.</summary>
public sealed class ThroughputColumn(string name, string legend, Func<IReadOnlyList<IterationMeasurement>, string> value) : IColumn
{
    public static IColumn[] All(ThroughputPlan plan) =>
    [
        new ThroughputColumn("MB/s", "Median throughput over measured iterations (decimal MB/s)",
            items => Median(items.Select(m => m.ThroughputMegabytesPerSecond)).ToString("0.0", CultureInfo.InvariantCulture)) { Plan = plan },
        new ThroughputColumn("p50 µs", "Median of the iterations' per-read p50 latency",
            items => Median(items.Select(m => m.Latency.P50Micros)).ToString("0.0", CultureInfo.InvariantCulture)) { Plan = plan },
        new ThroughputColumn("Cache", "cold: ≤ 1 % of the file resident before every measured iteration",
            items => items.All(m => m.Cache == CacheState.Cold) ? "cold" : "WARM") { Plan = plan },
    ];

    private ThroughputPlan Plan { get; init; } = null!;

    public string Id => $"FlashBench.{name}";
    public string ColumnName => name;
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => name != "Cache";
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => legend;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        string key = CaseOrderer.KeyOf(benchmarkCase);
        var items = Plan.MeasuredIterations().Where(m => m.Point.ToString() == key).ToList();
        return items.Count == 0 ? "-" : value(items);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    private static double Median(IEnumerable<double> values) => MathNet.Numerics.Statistics.Statistics.Median(values);
}
