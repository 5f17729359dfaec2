using FlashBench.Core.Results;
using MathNet.Numerics.Statistics;
using ScottPlot;

namespace FlashBench.Reporting.Charts;

/// <summary>Shared by the sparse experiments' reports: reading &lt;experiment&gt;.csv, per-case medians, and a few chart conventions.</summary>
internal static class SparseReportData
{
    public static List<SparseTokenRow> Rows(RunDirectory run, string csvFileName) => CsvFiles.Read<SparseTokenRow>(run.Result(csvFileName));

    public static double Median(this IEnumerable<SparseTokenRow> rows, Func<SparseTokenRow, double> value) =>
        rows.Select(value).Median();

    public static bool AnyWarm(IEnumerable<SparseTokenRow> rows) => rows.Any(r => r.Cache != "cold");

    /// <summary>Model, trace, read method, threads and token count, for a chart subtitle and the report text.</summary>
    public static string Setup(IReadOnlyList<SparseTokenRow> rows)
    {
        var first = rows[0];
        int tokens = rows.Select(r => r.Token).Distinct().Count();
        return $"{first.Model}, {first.Trace}, {first.ReadMethod}, {first.Threads} threads, {tokens} tokens per case";
    }

    public static Color Color(int index) => ChartStyle.SeriesColor(index);

    public static Color PaperColor => Colors.Gray;

    public static Plot NewPlot(string title, string xLabel, string yLabel) => ChartStyle.NewPlot(title, xLabel, yLabel);
}
