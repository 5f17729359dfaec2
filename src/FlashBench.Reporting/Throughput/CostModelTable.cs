using System.Globalization;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Throughput;

public static class CostModelTable
{
    public static string Markdown(IReadOnlyList<CostModelRow> rows)
    {
        var table = new MarkdownTable("method", "threads", "t0 (µs)", "B per thread (MB/s)", "R²", "points").AlignRight(1, 2, 3, 4, 5);
        foreach (var row in rows)
            table.AddRow(row.Method, row.Threads.ToString(CultureInfo.InvariantCulture), MarkdownText.Number(row.FixedCostMicros),
                MarkdownText.Number(row.BandwidthMBps), MarkdownText.Number(row.RSquared, 3), row.Points.ToString(CultureInfo.InvariantCulture));
        return table.ToString();
    }
}
