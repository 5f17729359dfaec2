using System.Globalization;
using FlashBench.Core;
using FlashBench.Core.Results;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Throughput;

/// <summary>The rows left out of medians, curves, charts and fits although their cache was cold, each with its reason
/// (O_DIRECT fell back to buffered I/O; the device read less than was delivered).</summary>
public static class ExcludedRows
{
    public static IReadOnlyList<ThroughputRow> Of(IEnumerable<ThroughputRow> rows) =>
        rows.Where(r => !r.IsWarm && !string.IsNullOrEmpty(r.Excluded)).ToList();

    public static string Markdown(IReadOnlyList<ThroughputRow> excluded)
    {
        var table = new MarkdownTable("method", "chunk", "threads", "pass", "iteration", "MB/s", "why it is left out").AlignRight(2, 3, 4, 5);
        foreach (var r in excluded.OrderBy(r => ThroughputGroup.MethodOrder(r.Method)).ThenBy(r => r.Threads).ThenBy(r => r.ChunkBytes).ThenBy(r => r.Pass).ThenBy(r => r.Iteration))
            table.AddRow(r.Series, Units.FormatChunk(r.ChunkBytes), r.Threads.ToString(CultureInfo.InvariantCulture), r.Pass.ToString(CultureInfo.InvariantCulture),
                r.Iteration.ToString(CultureInfo.InvariantCulture), MarkdownText.Number(r.ThroughputMBps), r.Excluded);
        return table.ToString();
    }
}
