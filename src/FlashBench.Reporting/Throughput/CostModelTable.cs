using System.Globalization;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Throughput;

/// <summary>The cost model as REPORT.md shows it: estimates with their 95 % intervals for fits that hold, and for the
/// others what is wrong instead of numbers that would read as a result.</summary>
public static class CostModelTable
{
    public static string Markdown(IReadOnlyList<CostModelRow> rows)
    {
        var table = new MarkdownTable("method", "threads", "t0 (µs) [95 % CI]", "B (MB/s) [95 % CI]", "R² (weighted)", "points", "fit").AlignRight(1, 2, 3, 4, 5);
        foreach (var row in rows)
        {
            bool ok = row.Status == CostModel.Ok;
            table.AddRow(row.Method, row.Threads.ToString(CultureInfo.InvariantCulture),
                ok ? Interval(row.FixedCostMicros, row.FixedCostLowMicros, row.FixedCostHighMicros) : "—",
                ok ? Interval(row.BandwidthMBps, row.BandwidthLowMBps, row.BandwidthHighMBps) : "—",
                MarkdownText.Number(row.RSquared, 3), row.Points.ToString(CultureInfo.InvariantCulture),
                ok ? "ok" : MarkdownText.Red(Explain(row)));
        }
        return table.ToString();
    }

    private static string Interval(double value, double low, double high) =>
        $"{MarkdownText.Number(value)} [{MarkdownText.Number(low)}–{(double.IsPositiveInfinity(high) ? "∞" : MarkdownText.Number(high))}]";

    private static string Explain(CostModelRow row) => row.Status switch
    {
        CostModel.PoorFit => $"not a result: R² {MarkdownText.Number(row.RSquared, 3)} < {CostModel.MinRSquared}, t = t0 + bytes/B does not describe these reads",
        CostModel.NegativeFixedCost => $"not a result: t0 = {MarkdownText.Number(row.FixedCostMicros)} µs < 0 is no first-byte latency",
        CostModel.TooFewPoints => "not a result: fewer than three points leave no interval",
        _ => row.Status,
    };
}
