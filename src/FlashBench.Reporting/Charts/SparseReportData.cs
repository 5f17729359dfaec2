using System.Globalization;
using FlashBench.Core.Results;
using MathNet.Numerics.Statistics;
using ScottPlot;

namespace FlashBench.Reporting.Charts;

/// <summary>Shared by the sparse experiments' reports: reading &lt;experiment&gt;.csv, per-case medians, and a few chart conventions.</summary>
internal static class SparseReportData
{
    public static bool HasRows(RunDirectory run, string experiment) => File.Exists(run.Result($"{experiment}.csv"));

    public static List<SparseTokenRow> Rows(RunDirectory run, string experiment) => CsvFiles.Read<SparseTokenRow>(run.Result($"{experiment}.csv"));

    public static double Median(this IEnumerable<SparseTokenRow> rows, Func<SparseTokenRow, double> value) =>
        rows.Select(value).Median();

    public static bool AnyWarm(IEnumerable<SparseTokenRow> rows) => rows.Any(r => r.Cache != "cold");

    public static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Model, trace, read method, threads and token count, for a chart subtitle and the report text.</summary>
    public static string Setup(IReadOnlyList<SparseTokenRow> rows)
    {
        var first = rows[0];
        int tokens = rows.Select(r => r.Token).Distinct().Count();
        return $"{first.Model}, {first.Trace}, {first.ReadMethod}, {first.Threads} threads, {tokens} tokens per case";
    }

    public static string WarmNote(IEnumerable<SparseTokenRow> rows) => AnyWarm(rows)
        ? "\n\n**Warning:** some tokens were measured with more than 1 % of the weight file in the page cache (cache = warm): those are not flash reads.\n"
        : "";

    public static Color Color(int index) => ChartStyle.SeriesColor(index);

    public static Color PaperColor => Colors.Gray;

    public static Plot NewPlot(string title, string xLabel, string yLabel) => ChartStyle.NewPlot(title, xLabel, yLabel);

    public static string MarkdownChart(RunDirectory run, IReadOnlyList<string> files, string alt)
    {
        string png = files.First(f => f.EndsWith(".png", StringComparison.Ordinal));
        return $"![{alt}]({Path.GetRelativePath(run.ResultsPath, png).Replace('\\', '/')})";
    }
}
