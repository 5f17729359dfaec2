using System.Globalization;
using FlashBench.Core.Throughput.Summaries;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Throughput;

/// <summary>How a figure and its spread across passes read in a table: "median [min–max]", plus the interquartile
/// range once there are four passes or more.</summary>
public static class SpreadText
{
    public static string Of(Spread spread, int decimals = 1)
    {
        string text = spread.Passes > 1
            ? $"{MarkdownText.Number(spread.Median, decimals)} [{MarkdownText.Number(spread.Min, decimals)}–{MarkdownText.Number(spread.Max, decimals)}]"
            : MarkdownText.Number(spread.Median, decimals);
        if (spread.LowerQuartile is double q1 && spread.UpperQuartile is double q3)
            text += $" IQR {MarkdownText.Number(q1, decimals)}–{MarkdownText.Number(q3, decimals)}";
        return text;
    }

    public static string Passes(int passes) => passes.ToString(CultureInfo.InvariantCulture) + (passes == 1 ? " pass" : " passes");
}
