using System.Globalization;
using FlashBench.Core.Pairing;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Charts;

/// <summary>One named paired ratio of a sparse section; <paramref name="Ratio"/> is null when no pair was left.</summary>
public sealed record SparseRatio(string Label, PairedRatio? Ratio)
{
    /// <summary>"bundling 1.73× [1.61–1.85] (95 %, 10 pairs)".</summary>
    public string Line => Ratio is null
        ? $"{Label}: no pairs (no pass and token measured on both sides with the device steady)"
        : $"{Label} {Ratio.Format()} ({Ratio.Describe()})";

    /// <summary>The ratios as Markdown bullets under a one-line explanation of what they divide.</summary>
    public static string Markdown(string what, IReadOnlyList<SparseRatio> ratios) =>
        ratios.Count == 0 ? "" :
        $"Paired ratio{(ratios.Count > 1 ? "s" : "")} of {what}: the median over tokens of the same pass and token, with distribution-free bounds (Core's PairedRatio):\n\n" +
        string.Concat(ratios.Select(r => $"- {r.Line}\n"));

    /// <summary>The ratios as a table, for the README.</summary>
    public static string Table(IReadOnlyList<SparseRatio> ratios)
    {
        var table = new MarkdownTable("ratio", "median", "bounds", "confidence", "pairs").AlignRight(1, 2, 3, 4);
        foreach (var r in ratios)
        {
            if (r.Ratio is null)
                table.AddRow(r.Label, "n/a", "n/a", "n/a", "0");
            else
                table.AddRow(r.Label, $"{MarkdownText.Number(r.Ratio.Median, 2)}×",
                    $"{MarkdownText.Number(r.Ratio.Lower, 2)}–{MarkdownText.Number(r.Ratio.Upper, 2)}",
                    string.Create(CultureInfo.InvariantCulture, $"{r.Ratio.Confidence * 100:0} %"),
                    r.Ratio.Pairs.ToString(CultureInfo.InvariantCulture));
        }
        return table.ToString();
    }
}
