using System.Text;
using FlashBench.Core.Results;
using FlashBench.Reporting.Markdown;
using ScottPlot;

namespace FlashBench.Reporting.Charts;

/// <summary>precision.csv (beyond the paper) → effective throughput and I/O time per token for fp16, int8 and int4
/// bundles: fewer bytes, but smaller reads, so at some size the device stops returning the saving.</summary>
public sealed class PrecisionReport(string experiment, string csvFileName) : IExperimentReport
{
    public const string Title = "Precision (beyond the paper)";

    private static readonly string[] Order_ = ["fp32", "fp16", "int8", "int4"];

    public bool HasData(RunDirectory run) => File.Exists(run.Result(csvFileName));

    public ReportSection Build(RunDirectory run)
    {
        var counted = SparseReportData.Counted(run, csvFileName);
        if (counted.Rows.Count == 0)
            return SparseReportData.AllLeftOut(Title, counted);
        var rows = counted.Rows;
        var ratios = SparsePairs.Precision(rows);
        var cases = rows.GroupBy(r => r.Precision).OrderBy(g => Array.IndexOf(Order_, g.Key)).Select(g => new
        {
            Precision = g.Key,
            GBps = g.Median(r => r.EffectiveGBps),
            IoMs = g.Median(r => r.IoMs),
            MegabytesPerToken = g.Median(r => r.BytesLoaded / 1e6),
            ChunkKiB = g.Median(r => r.BytesLoaded / (double)Math.Max(1, r.Reads) / 1024),
            Warm = SparseReportData.AnyWarm(g),
        }).ToList();
        double baseIo = cases[0].IoMs;

        var io = SparseReportData.NewPlot($"Precision: I/O time per token ({rows[0].Model} bundled, k = {rows[0].Window})", "precision (bundle size)", "I/O time per token (ms)");
        io.Add.Bars(cases.Select((c, i) => new Bar
        {
            Position = i, Value = c.IoMs, FillColor = SparseReportData.Color(i),
            Label = $"{MarkdownText.Number(c.IoMs, 1)} ms ({MarkdownText.Number(c.IoMs / baseIo, 2)}x)",
        }).ToList());
        io.Axes.Bottom.SetTicks(cases.Select((_, i) => (double)i).ToArray(), cases.Select(c => $"{c.Precision} ({MarkdownText.Number(c.ChunkKiB, 0)} KiB)").ToArray());
        io.Axes.Margins(bottom: 0, top: 0.15);
        var files = ChartFiles.Save(io, run.Plot("precision-io")).ToList();

        var gbps = SparseReportData.NewPlot($"Precision: effective read throughput ({rows[0].Model} bundled)", "precision (bundle size)", "effective throughput (GB/s)");
        gbps.Add.Bars(cases.Select((c, i) => new Bar
        {
            Position = i, Value = c.GBps, FillColor = SparseReportData.Color(i), Label = MarkdownText.Number(c.GBps, 2),
        }).ToList());
        gbps.Axes.Bottom.SetTicks(cases.Select((_, i) => (double)i).ToArray(), cases.Select(c => $"{c.Precision} ({MarkdownText.Number(c.ChunkKiB, 0)} KiB)").ToArray());
        gbps.Axes.Margins(bottom: 0, top: 0.15);
        files.AddRange(ChartFiles.Save(gbps, run.Plot("precision-throughput")));

        var md = new StringBuilder();
        md.AppendLine($"Setup: {SparseReportData.Setup(rows)}; bundled layout, window k = {rows[0].Window}. Medians over the measured tokens. Halving the bytes halves I/O time only while the device's throughput holds up at the smaller read size.");
        md.AppendLine();
        md.Append(SparseReportData.Headline(counted, "I/O time per token, fp16 ÷ the smaller precisions", ratios));
        var table = new MarkdownTable("precision", "read size (KiB)", "MB / token", "I/O ms / token", "vs first", "effective GB/s", "cache").AlignRight(1, 2, 3, 4, 5);
        foreach (var c in cases)
        {
            table.AddRow(c.Precision,
                MarkdownText.Number(c.ChunkKiB, 0),
                MarkdownText.Number(c.MegabytesPerToken, 1),
                MarkdownText.Number(c.IoMs, 1),
                $"{MarkdownText.Number(c.IoMs / baseIo, 2)}x",
                MarkdownText.Number(c.GBps, 2),
                (c.Warm ? "warm" : "cold"));
        }
        md.Append(table);
        md.AppendLine();
        md.AppendLine(MarkdownText.Chart("I/O time per token by precision", run.ResultsPath, files.Take(2).ToList()));
        md.AppendLine();
        md.AppendLine(MarkdownText.Chart("effective throughput by precision", run.ResultsPath, files.Skip(2).ToList()));
        return new ReportSection(Title, md.ToString(), files, SparseReportData.AnyWarm(rows),
            SparseReportData.Tables(experiment, table.ToString(), ratios));
    }
}
