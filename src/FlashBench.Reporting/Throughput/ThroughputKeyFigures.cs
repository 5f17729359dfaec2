using System.Globalization;
using FlashBench.Core;
using FlashBench.Reporting.Markdown;
using FlashBench.Reporting.Paper;

namespace FlashBench.Reporting.Throughput;

/// <summary>The compact table REPORT.md and the README show: MB/s per method at 32 KiB and 1 MiB at 32 threads (or the
/// largest thread count measured) — the median across passes with the passes' range — with the paper's statements beside it.
/// A method with a queue depth (io_uring) is shown where its reads in flight (threads × depth) equal that thread count.
/// Trends compare medians.</summary>
public static class ThroughputKeyFigures
{
    public const int SmallChunk = 32 << 10;
    public const int LargeChunk = 1 << 20;
    public const int PaperThreads = 32;

    public static int ThreadsShown(IReadOnlyList<ThroughputGroup> groups)
    {
        var cold = groups.Where(g => !g.Warm).Select(g => g.Threads).ToList();
        return cold.Contains(PaperThreads) ? PaperThreads : cold.DefaultIfEmpty(0).Max();
    }

    public static string Table(IReadOnlyList<ThroughputGroup> groups)
    {
        int threads = ThreadsShown(groups);
        var table = new MarkdownTable("method", $"{Units.FormatChunk(SmallChunk)} @ {threads} thr (MB/s)", $"{Units.FormatChunk(LargeChunk)} @ {threads} thr (MB/s)",
            "rises with chunk size", "rises with threads", "paper (M1 Max)").AlignRight(1, 2);
        foreach (var method in groups.Where(g => !g.Warm).Select(g => g.Method).Distinct())
        {
            var mine = groups.Where(g => g.Method == method && !g.Warm).ToList();
            table.AddRow(method,
                Median(mine, SmallChunk, threads), Median(mine, LargeChunk, threads),
                RisesWithChunk(mine, threads), RisesWithThreads(mine),
                method == "direct" ? $"{PaperThroughput.SparsePerNeuronGBps:F2} GB/s sparse reads … {PaperThroughput.DenseGBps:F2} GB/s dense" : "—");
        }
        return table.ToString();
    }

    public static string PaperStatement =>
        $"Paper ({PaperSource.Short}): {PaperThroughput.Trend}. {PaperThroughput.Table2Summary}. " +
        "Only `direct` matches the paper's setup (page cache bypassed, §4.1).";

    private static string Median(List<ThroughputGroup> groups, int chunk, int threads) =>
        groups.FirstOrDefault(g => g.ChunkBytes == chunk && g.ReadsInFlight == threads) is { } g ? SpreadText.Of(g.Figure) : "not measured";

    /// <summary>Median throughput at the largest chunk above that at the smallest (at the threads shown).</summary>
    private static string RisesWithChunk(List<ThroughputGroup> groups, int threads)
    {
        var line = groups.Where(g => g.ReadsInFlight == threads).OrderBy(g => g.ChunkBytes).ToList();
        return line.Count < 2 ? "n/a" : YesNo(line[^1].MedianMBps > line[0].MedianMBps,
            $"{Units.FormatChunk(line[0].ChunkBytes)}→{Units.FormatChunk(line[^1].ChunkBytes)}");
    }

    /// <summary>At 32 KiB (or the smallest chunk measured at several thread counts): most threads above fewest.</summary>
    private static string RisesWithThreads(List<ThroughputGroup> groups)
    {
        int chunk = groups.Any(g => g.ChunkBytes == SmallChunk) ? SmallChunk : groups.Select(g => g.ChunkBytes).DefaultIfEmpty(0).Min();
        var line = groups.Where(g => g.ChunkBytes == chunk).OrderBy(g => g.Threads).ToList();
        return line.Count < 2 ? "n/a" : YesNo(line[^1].MedianMBps > line[0].MedianMBps,
            string.Create(CultureInfo.InvariantCulture, $"{line[0].Threads}→{line[^1].Threads} thr at {Units.FormatChunk(chunk)}"));
    }

    private static string YesNo(bool yes, string where) => (yes ? "yes" : "no") + $" ({where})";
}
