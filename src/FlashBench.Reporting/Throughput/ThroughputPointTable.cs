using System.Globalization;
using FlashBench.Core;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Throughput;

/// <summary>Every flash point of one method: thread counts down, chunk sizes across, each cell the median across
/// passes with the passes' range (and IQR with four passes or more).</summary>
public static class ThroughputPointTable
{
    public static string Markdown(IReadOnlyList<ThroughputGroup> groups, string method)
    {
        var mine = groups.Where(g => g.Method == method && !g.Warm).ToList();
        var chunks = mine.Select(g => g.ChunkBytes).Distinct().Order().ToList();
        var table = new MarkdownTable(["threads", .. chunks.Select(c => Units.FormatChunk(c))]).AlignRight([.. Enumerable.Range(0, chunks.Count + 1)]);
        foreach (var line in mine.GroupBy(g => g.Threads).OrderBy(t => t.Key))
        {
            table.AddRow([line.Key.ToString(CultureInfo.InvariantCulture),
                .. chunks.Select(c => line.FirstOrDefault(g => g.ChunkBytes == c) is { } g ? SpreadText.Of(g.Figure) : "—")]);
        }
        return table.ToString();
    }
}
