using FlashBench.Core.Results;
using MathNet.Numerics.Statistics;

namespace FlashBench.Core.Throughput.Summaries;

/// <summary>Per-point summaries of throughput.csv rows: a pass's figure is the median of its iterations, a point's
/// figure the median of its pass figures, with the spread beside it (<see cref="Spread"/>). Only flash rows count
/// (<see cref="ThroughputRow.IsFlash"/>); warm and excluded rows are shown apart by the report.</summary>
public static class PointSummaries
{
    /// <summary>One summary per (series — the method, with io_uring's depth —, chunk, threads) with at least one flash row, of <paramref name="metric"/>
    /// (throughput by default).</summary>
    public static IReadOnlyList<PointSummary> Of(IEnumerable<ThroughputRow> rows, Func<ThroughputRow, double>? metric = null)
    {
        metric ??= r => r.ThroughputMBps;
        return rows.Where(r => r.IsFlash)
            .GroupBy(r => (Method: r.Series, r.ChunkBytes, r.Threads))
            .Select(point =>
            {
                var passes = point.GroupBy(r => r.Pass).OrderBy(p => p.Key)
                    .Select(p => new PassFigure(p.Key, Statistics.Median(p.Select(metric).ToArray()), p.Count()))
                    .ToList();
                return new PointSummary(point.Key.Method, point.Key.ChunkBytes, point.Key.Threads, passes,
                    Spread.Of(passes.Select(p => p.Value).ToList()));
            })
            .OrderBy(s => s.Method, StringComparer.Ordinal).ThenBy(s => s.Threads).ThenBy(s => s.ChunkBytes)
            .ToList();
    }

    /// <summary>Fills the pass and point columns of every row from the flash rows of its point (left empty where the
    /// point has none) and returns the rows: call before writing throughput.csv, so its spread is in the file.</summary>
    public static IReadOnlyList<ThroughputRow> Annotate(IReadOnlyList<ThroughputRow> rows)
    {
        var summaries = Of(rows).ToDictionary(s => (s.Method, s.ChunkBytes, s.Threads));
        foreach (var row in rows)
        {
            if (!summaries.TryGetValue((row.Series, row.ChunkBytes, row.Threads), out var summary))
            {
                row.PassMBps = row.PointMBps = row.PointMinMBps = row.PointMaxMBps = row.PointQ1MBps = row.PointQ3MBps = null;
                row.PointPasses = null;
                continue;
            }
            row.PassMBps = summary.Passes.FirstOrDefault(p => p.Pass == row.Pass)?.Value;
            row.PointMBps = summary.Figure.Median;
            row.PointMinMBps = summary.Figure.Min;
            row.PointMaxMBps = summary.Figure.Max;
            row.PointQ1MBps = summary.Figure.LowerQuartile;
            row.PointQ3MBps = summary.Figure.UpperQuartile;
            row.PointPasses = summary.Figure.Passes;
        }
        return rows;
    }
}
