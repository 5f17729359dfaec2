using FlashBench.Core.Results;
using FlashBench.Core.Throughput.Summaries;
using MathNet.Numerics.Statistics;

namespace FlashBench.Reporting.Throughput;

/// <summary>The rows of one grid point (method × chunk × threads) that the report draws: its flash rows (cold, not
/// excluded) summarised across passes, or — apart — its warm rows. Excluded rows belong to neither (see
/// <see cref="ExcludedRows"/>).</summary>
public sealed record ThroughputGroup(string Method, string ReadPath, int ChunkBytes, int Threads, bool Warm, IReadOnlyList<ThroughputRow> Rows)
{
    /// <summary>Across passes for flash groups; over the rows themselves for warm ones (which are never flash figures).</summary>
    public Spread Figure => Warm
        ? Spread.Of(Rows.Select(r => r.ThroughputMBps).ToList())
        : SummaryOf(r => r.ThroughputMBps).Figure;

    public double MedianMBps => Figure.Median;

    public double LowMBps => Figure.Min;

    public double HighMBps => Figure.Max;

    /// <summary>The median across passes of a per-row metric (latency percentiles): a pass's value is the median of its iterations.</summary>
    public double MedianOf(Func<ThroughputRow, double> metric) =>
        Warm ? Statistics.Median(Rows.Select(metric).ToArray()) : SummaryOf(metric).Median;

    public static IReadOnlyList<ThroughputGroup> From(IEnumerable<ThroughputRow> rows) =>
        rows.Where(r => r.IsFlash || r.IsWarm)
            .GroupBy(r => (Method: r.Series, r.ChunkBytes, r.Threads, r.IsWarm))
            .Select(g => new ThroughputGroup(g.Key.Method, g.First().ReadPath, g.Key.ChunkBytes, g.Key.Threads, g.Key.IsWarm, g.ToList()))
            .OrderBy(g => MethodOrder(g.Method)).ThenBy(g => g.Threads).ThenBy(g => g.ChunkBytes)
            .ToList();

    /// <summary>The Core's method order (direct first: it is the paper's configuration, §4.1), unknown names last.</summary>
    public static int MethodOrder(string method)
    {
        int index = Array.IndexOf(KnownMethods, method);
        return index < 0 ? KnownMethods.Length : index;
    }

    /// <summary>Reads each reader kept in flight (io_uring's depth; 1 for the blocking methods).</summary>
    public int QueueDepth => Rows[0].QueueDepth;

    public int ReadsInFlight => Threads * QueueDepth;

    private PointSummary SummaryOf(Func<ThroughputRow, double> metric) => PointSummaries.Of(Rows, metric).Single();

    private static readonly string[] KnownMethods = ["direct", "buffered", "mmap-normal", "mmap-random", "mmap-willneed"];
}
