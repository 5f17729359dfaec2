using FlashBench.Core.Results;
using FlashBench.Reporting.Device;
using MathNet.Numerics.Statistics;
using ScottPlot;

namespace FlashBench.Reporting.Charts;

/// <summary>Shared by the sparse experiments' reports: reading &lt;experiment&gt;.csv, per-case medians, and a few chart conventions.</summary>
internal static class SparseReportData
{
    public static List<SparseTokenRow> Rows(RunDirectory run, string csvFileName) => CsvFiles.Read<SparseTokenRow>(run.Result(csvFileName));

    /// <summary>The rows that count (the device steady or unwatched while they were measured) and how many were left out.</summary>
    public static CountedRows<SparseTokenRow> Counted(RunDirectory run, string csvFileName) =>
        CountedRows.Of(Rows(run, csvFileName), r => r.DeviceState);

    /// <summary>A section whose every row was measured while the device was outside its steady band: only that sentence.</summary>
    public static ReportSection AllLeftOut(string title, CountedRows<SparseTokenRow> rows) => new(title, rows.Note ?? "", []);

    /// <summary>The left-out sentence and the paired ratios, as the lines under a section's setup line.</summary>
    public static string Headline(CountedRows<SparseTokenRow> rows, string what, IReadOnlyList<SparseRatio> ratios)
    {
        string text = rows.Note is { } note ? note + "\n\n" : "";
        string paired = SparseRatio.Markdown(what, ratios);
        return paired.Length == 0 ? text : text + paired + "\n";
    }

    /// <summary>The section's named README tables: its case table under the experiment's name, its ratios under
    /// "&lt;experiment&gt;-ratios" when it has any.</summary>
    public static Dictionary<string, string> Tables(string experiment, string caseTable, IReadOnlyList<SparseRatio> ratios)
    {
        var tables = new Dictionary<string, string> { [experiment] = caseTable };
        if (ratios.Count > 0)
            tables[$"{experiment}-ratios"] = SparseRatio.Table(ratios);
        return tables;
    }

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
