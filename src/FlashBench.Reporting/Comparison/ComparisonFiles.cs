using FlashBench.Core.Results;

namespace FlashBench.Reporting.Comparison;

public static class ComparisonFiles
{
    public const string MarkdownFileName = "compare.md";

    /// <summary>Writes compare.md and compare.csv into <paramref name="directory"/> (atomically); returns their paths.</summary>
    public static (string Markdown, string Csv) Write(ComparisonReport report, string directory)
    {
        string markdown = Path.Combine(directory, MarkdownFileName);
        string csv = Path.Combine(directory, ComparisonCsvRow.FileName);
        AtomicFile.WriteAllText(markdown, ComparisonMarkdown.Format(report));
        CsvFiles.Write(csv, ComparisonCsvRow.From(report));
        return (markdown, csv);
    }
}
