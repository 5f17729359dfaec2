using System.Globalization;
using FlashBench.Core;
using FlashBench.Core.Results;
using FlashBench.Core.Throughput.Summaries;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Throughput;

/// <summary>What the device read for each byte the mmap paths delivered (device_bytes ÷ bytes_read): a page fault
/// reads at least a page and, with MADV_NORMAL, the readahead window around it; the device counters see all of it.
/// Flash rows only; the device's counters also hold other processes' reads, so a shared disk inflates the ratio.</summary>
public static class ReadAmplification
{
    public static bool Applies(string method) => method.StartsWith("mmap", StringComparison.Ordinal);

    /// <summary>Median across passes of device ÷ delivered, per point of the method; empty when no row has device bytes.</summary>
    public static IReadOnlyList<PointSummary> Of(IEnumerable<ThroughputRow> rows, string method) =>
        PointSummaries.Of(rows.Where(r => r.Method == method && r.DeviceBytes is not null && r.BytesRead > 0),
            r => r.DeviceBytes!.Value / (double)r.BytesRead);

    /// <summary>One table per mmap method with device counters: threads down, chunk sizes across.</summary>
    public static string Markdown(IReadOnlyList<ThroughputRow> rows)
    {
        var text = new System.Text.StringBuilder();
        foreach (string method in rows.Select(r => r.Method).Distinct().Where(Applies).OrderBy(ThroughputGroup.MethodOrder))
        {
            var points = Of(rows, method);
            if (points.Count == 0)
                continue;
            var chunks = points.Select(p => p.ChunkBytes).Distinct().Order().ToList();
            var table = new MarkdownTable([$"{method}: threads", .. chunks.Select(c => Units.FormatChunk(c))]).AlignRight([.. Enumerable.Range(1, chunks.Count)]);
            foreach (var line in points.GroupBy(p => p.Threads).OrderBy(t => t.Key))
                table.AddRow([line.Key.ToString(CultureInfo.InvariantCulture),
                    .. chunks.Select(c => line.FirstOrDefault(p => p.ChunkBytes == c) is { } p ? $"{MarkdownText.Number(p.Median, 2)}×" : "—")]);
            text.Append(table).Append('\n');
        }
        return text.ToString();
    }
}
