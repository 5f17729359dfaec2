using System.Text;
using FlashBench.Core.Results;
using FlashBench.Reporting.Markdown;
using ScottPlot;

namespace FlashBench.Reporting.Charts;

/// <summary>bundling.csv → effective throughput of separate vs bundled reads beside the paper's 1.25 → 2.25 GB/s
/// (Table 2, M1 Max), and I/O time per token.</summary>
public sealed class BundlingReport(string experiment, string csvFileName) : IExperimentReport
{
    public const string Title = "Bundling (§3.2)";

    public const double PaperSeparateGBps = 1.25;
    public const double PaperBundledGBps = 2.25;

    public bool HasData(RunDirectory run) => File.Exists(run.Result(csvFileName));

    public ReportSection Build(RunDirectory run)
    {
        var counted = SparseReportData.Counted(run, csvFileName);
        if (counted.Rows.Count == 0)
            return SparseReportData.AllLeftOut(Title, counted);
        var rows = counted.Rows;
        var ratios = SparsePairs.Bundling(rows);
        var cases = rows.GroupBy(r => r.Layout).OrderByDescending(g => g.Key).Select(g => new
        {
            Layout = g.Key,
            GBps = g.Median(r => r.EffectiveGBps),
            IoMs = g.Median(r => r.IoMs),
            Reads = g.Median(r => r.Reads),
            ChunkKiB = g.Median(r => r.BytesLoaded / (double)Math.Max(1, r.Reads) / 1024),
            MegabytesPerToken = g.Median(r => r.BytesLoaded / 1e6),
            Warm = SparseReportData.AnyWarm(g),
            Controlled = g.Where(r => r.OfControl is not null).ToList(),
        }).ToList();

        var plot = SparseReportData.NewPlot($"Bundling: effective read throughput ({rows[0].Model} {rows[0].Precision}, k = {rows[0].Window})", "layout, where measured", "effective throughput (GB/s)");
        var bars = new List<Bar>();
        var ticks = new List<(double, string)>();
        double position = 0;
        foreach (var c in cases)
        {
            double paper = c.Layout == "bundled" ? PaperBundledGBps : PaperSeparateGBps;
            bars.Add(new Bar { Position = position, Value = c.GBps, FillColor = SparseReportData.Color(0), Label = MarkdownText.Number(c.GBps, 2) });
            bars.Add(new Bar { Position = position + 1, Value = paper, FillColor = SparseReportData.PaperColor, Label = MarkdownText.Number(paper, 2) });
            ticks.Add((position, $"{c.Layout}\nhere ({MarkdownText.Number(c.ChunkKiB, 0)} KiB reads)"));
            ticks.Add((position + 1, $"{c.Layout}\npaper (M1 Max)"));
            position += 3;
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(ticks.Select(t => t.Item1).ToArray(), ticks.Select(t => t.Item2).ToArray());
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "measured here", FillColor = SparseReportData.Color(0) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "paper, Table 2", FillColor = SparseReportData.PaperColor });
        ChartStyle.LegendOutside(plot);
        var files = ChartFiles.Save(plot, run.Plot("bundling-throughput")).ToList();

        var io = SparseReportData.NewPlot($"Bundling: I/O time per token ({rows[0].Model} {rows[0].Precision}, k = {rows[0].Window})", "layout", "I/O time per token (ms)");
        io.Add.Bars(cases.Select((c, i) => new Bar
        {
            Position = i, Value = c.IoMs, FillColor = SparseReportData.Color(c.Layout == "bundled" ? 1 : 0),
            Label = $"{MarkdownText.Number(c.IoMs, 1)} ms, {MarkdownText.Number(c.Reads, 0)} reads",
        }).ToList());
        io.Axes.Bottom.SetTicks(cases.Select((_, i) => (double)i).ToArray(), cases.Select(c => c.Layout).ToArray());
        io.Axes.Margins(bottom: 0, top: 0.15);
        files.AddRange(ChartFiles.Save(io, run.Plot("bundling-io")));

        var md = new StringBuilder();
        md.AppendLine($"Setup: {SparseReportData.Setup(rows)}; window k = {rows[0].Window}. Medians over the measured tokens.");
        md.AppendLine();
        md.Append(SparseReportData.Headline(counted, "I/O time per token, separate ÷ bundled", ratios));
        bool controlled = cases.Any(c => c.Controlled.Count > 0);
        if (controlled)
            md.AppendLine("I/O control: right after every token, fresh offsets of the test file (no case reads it) at the token's mean read size, same method and reads in flight. "
                + $"A layout whose tokens read below {MarkdownText.Number(Core.Inference.Results.Table2Row.BelowControlFactor, 1)}× or above {MarkdownText.Number(Core.Inference.Results.Table2Row.AboveControlFactor, 1)}× of it (median) is named under the verdict: its ratio is then not a flash figure.")
              .AppendLine();
        // runs without an I/O control (before it existed, or --io-control 0) keep the table they always had
        string[] columns = controlled
            ? ["layout", "reads / token", "read size (KiB)", "MB / token", "I/O ms / token", "effective GB/s", "I/O control GB/s", "÷ control", "paper GB/s", "cache"]
            : ["layout", "reads / token", "read size (KiB)", "MB / token", "I/O ms / token", "effective GB/s", "paper GB/s", "cache"];
        var table = new MarkdownTable(columns).AlignRight([.. Enumerable.Range(1, columns.Length - 2)]);
        foreach (var c in cases)
        {
            var cells = new List<string>
            {
                c.Layout,
                MarkdownText.Number(c.Reads, 0),
                MarkdownText.Number(c.ChunkKiB, 0),
                MarkdownText.Number(c.MegabytesPerToken, 1),
                MarkdownText.Number(c.IoMs, 1),
                MarkdownText.Number(c.GBps, 2),
            };
            if (controlled)
            {
                cells.Add(c.Controlled.Count == 0 ? "—" : MarkdownText.Number(c.Controlled.Median(r => r.ControlGbps!.Value), 2));
                cells.Add(c.Controlled.Count == 0 ? "—" : MarkdownText.Number(c.Controlled.Median(r => r.OfControl!.Value), 2));
            }
            cells.Add(MarkdownText.Number(c.Layout == "bundled" ? PaperBundledGBps : PaperSeparateGBps, 2));
            cells.Add(c.Warm ? "warm" : "cold");
            table.AddRow([.. cells]);
        }
        md.Append(table);
        md.AppendLine();
        md.AppendLine(MarkdownText.Chart("effective throughput, separate vs bundled", run.ResultsPath, files.Take(2).ToList()));
        md.AppendLine();
        md.AppendLine(MarkdownText.Chart("I/O time per token, separate vs bundled", run.ResultsPath, files.Skip(2).ToList()));
        return new ReportSection(Title, md.ToString(), files, SparseReportData.AnyWarm(rows),
            SparseReportData.Tables(experiment, table.ToString(), ratios));
    }
}
