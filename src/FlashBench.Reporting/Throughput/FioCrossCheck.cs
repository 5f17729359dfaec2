using FlashBench.Core.Results;
using FlashBench.Core;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Throughput;

/// <summary>FlashBench's direct (O_DIRECT) throughput against fio at the same grid point. <paramref name="Paired"/>:
/// FlashBench's figure was measured in the same rounds as fio (from fio.csv); otherwise it is the median of the
/// run's cold direct iterations.</summary>
public sealed record FioComparison(int ChunkBytes, int Threads, double FlashBenchMBps, double FioMBps, bool Paired)
{
    public double Ratio => FioMBps > 0 ? FlashBenchMBps / FioMBps : double.NaN;

    /// <summary>Below 97 % of fio means FlashBench's own overhead shows; worth a look.</summary>
    public bool BelowFio => !(Ratio >= FioCrossCheck.Tolerance);
}

public static class FioCrossCheck
{
    public const double Tolerance = 0.97;

    public static IReadOnlyList<FioComparison> Compare(IReadOnlyList<ThroughputGroup> groups, IReadOnlyList<FioRow> fio) =>
        fio.Select(f => f.FlashBenchDirectMBps is > 0
                ? new FioComparison(f.ChunkBytes, f.Threads, f.FlashBenchDirectMBps.Value, f.ThroughputMBps, Paired: true)
                : groups.FirstOrDefault(g => g.Method == "direct" && !g.Warm && g.ChunkBytes == f.ChunkBytes && g.Threads == f.Threads) is { } direct
                    ? new FioComparison(f.ChunkBytes, f.Threads, direct.MedianMBps, f.ThroughputMBps, Paired: false)
                    : null)
            .OfType<FioComparison>()
            .OrderBy(c => c.Threads).ThenBy(c => c.ChunkBytes)
            .ToList();

    public static string Table(IReadOnlyList<FioComparison> comparisons)
    {
        var table = new MarkdownTable("chunk", "threads", "FlashBench direct (MB/s)", "fio psync direct=1 (MB/s)", "ratio", "")
            .AlignRight(1, 2, 3, 4);
        foreach (var c in comparisons)
            table.AddRow(Units.FormatChunk(c.ChunkBytes), c.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
                MarkdownText.Number(c.FlashBenchMBps) + (c.Paired ? " (paired)" : " (median)"), MarkdownText.Number(c.FioMBps), MarkdownText.Number(c.Ratio, 3),
                c.BelowFio ? MarkdownText.Red($"below {Tolerance:F2}") : "ok");
        return table.ToString();
    }
}
