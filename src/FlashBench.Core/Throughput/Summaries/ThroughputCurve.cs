using FlashBench.Core.Results;

namespace FlashBench.Core.Throughput.Summaries;

/// <summary>The input of io_curve.csv, the projection and Table 2's curve column: per-(chunk, threads) medians across
/// passes of one read method, and the best thread count per chunk chosen among those medians — never the best
/// single iteration, which is how a burst became "the curve".</summary>
public static class ThroughputCurve
{
    public static IReadOnlyList<PointSummary> Points(IEnumerable<ThroughputRow> rows, string method) =>
        PointSummaries.Of(rows.Where(r => r.Series == method)).OrderBy(p => p.ChunkBytes).ThenBy(p => p.Threads).ToList();

    /// <summary>Per chunk size, the thread count whose median across passes is highest (ties: fewer threads).</summary>
    public static IReadOnlyList<PointSummary> BestPerChunk(IEnumerable<ThroughputRow> rows, string method) =>
        Points(rows, method).GroupBy(p => p.ChunkBytes)
            .Select(chunk => chunk.OrderByDescending(p => p.Median).ThenBy(p => p.Threads).First())
            .OrderBy(p => p.ChunkBytes)
            .ToList();
}
