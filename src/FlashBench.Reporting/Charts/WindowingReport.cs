using System.Text;
using FlashBench.Core.Results;
using FlashBench.Reporting.Markdown;
using ScottPlot;

namespace FlashBench.Reporting.Charts;

/// <summary>windowing.csv → Fig. 4 of the paper: increment per token and cached share of the FFN vs window k
/// (measured, with the trace's s_agg curves), and I/O time and bytes per token vs k.</summary>
public sealed class WindowingReport(string experiment, string csvFileName) : IExperimentReport
{
    public const string Title = "Windowing (§3.1, Fig. 4)";

    public bool HasData(RunDirectory run) => File.Exists(run.Result(csvFileName));

    public ReportSection Build(RunDirectory run)
    {
        var counted = SparseReportData.Counted(run, csvFileName);
        if (counted.Rows.Count == 0)
            return SparseReportData.AllLeftOut(Title, counted);
        var rows = counted.Rows;
        var ratios = SparsePairs.Windowing(rows);
        var cases = rows.GroupBy(r => r.Window).OrderBy(g => g.Key).Select(g => new
        {
            K = g.Key,
            Neurons = g.Median(r => r.NeuronsLoaded),
            IncrementPct = g.Median(r => 100 * r.LoadedFraction),
            CachedPct = g.Median(r => 100 * r.CachedFraction),
            MegabytesPerToken = g.Median(r => r.BytesLoaded / 1e6),
            IoMs = g.Median(r => r.IoMs),
            DramMiB = g.Median(r => r.DramBytes / (double)(1 << 20)),
            Warm = SparseReportData.AnyWarm(g),
        }).ToList();

        var files = new List<string>();
        var shape = Fig4(run, rows, cases.Select(c => ((double)c.K, c.IncrementPct, c.CachedPct)).ToList());
        files.AddRange(ChartFiles.Save(shape, run.Plot("windowing-fig4")));
        var io = IoChart(rows, cases.Select(c => (c.K, c.IoMs, c.MegabytesPerToken)).ToList());
        files.AddRange(ChartFiles.Save(io, run.Plot("windowing-io")));

        var md = new StringBuilder();
        md.AppendLine($"Setup: {SparseReportData.Setup(rows)}. Medians over the measured tokens; every layer of the model per token.");
        md.AppendLine();
        md.Append(SparseReportData.Headline(counted, "I/O time per token, window k ÷ no window (k = 0)", ratios));
        var table = new MarkdownTable("window k", "neurons loaded / token", "loaded (% of FFN)", "MB / token", "I/O ms / token", "cached (% of FFN)", "DRAM held (MiB)", "cache").AlignRight(0, 1, 2, 3, 4, 5, 6);
        foreach (var c in cases)
        {
            table.AddRow(c.K.ToString(System.Globalization.CultureInfo.InvariantCulture),
                MarkdownText.Number(c.Neurons, 0),
                MarkdownText.Number(c.IncrementPct, 2),
                MarkdownText.Number(c.MegabytesPerToken, 1),
                MarkdownText.Number(c.IoMs, 1),
                MarkdownText.Number(c.CachedPct, 1),
                MarkdownText.Number(c.DramMiB, 0),
                (c.Warm ? "warm" : "cold"));
        }
        md.Append(table);
        md.AppendLine();
        md.AppendLine("Paper (§3.1, OPT 6.7B): predictor alone ≈ 10 % of the FFN per token; with k = 5 the increment is 2.4 % per token and the cache holds 24 % of the FFN.");
        md.AppendLine();
        md.AppendLine(MarkdownText.Chart("increment and cached fraction vs k", run.ResultsPath, files.Take(2).ToList()));
        md.AppendLine();
        md.AppendLine(MarkdownText.Chart("I/O time per token vs k", run.ResultsPath, files.Skip(2).ToList()));
        return new ReportSection(Title, md.ToString(), files, SparseReportData.AnyWarm(rows),
            SparseReportData.Tables(experiment, table.ToString(), ratios));
    }

    private static Plot Fig4(RunDirectory run, IReadOnlyList<SparseTokenRow> rows, IReadOnlyList<(double K, double IncrementPct, double CachedPct)> measured)
    {
        var plot = SparseReportData.NewPlot($"Windowing: loaded per token and cached, % of FFN ({rows[0].Model})", "window k (tokens)", "share of the FFN (%)");
        string saggPath = run.Result(TraceSaggRow.FileName);
        if (File.Exists(saggPath))
        {
            var sagg = CsvFiles.Read<TraceSaggRow>(saggPath).Where(r => r.Model == rows[0].Model && r.Trace == rows[0].Trace).OrderBy(r => r.K).ToList();
            if (sagg.Count > 1)
            {
                var union = plot.Add.Scatter(sagg.Select(r => (double)r.K).ToArray(), sagg.Select(r => 100 * r.SAggFraction).ToArray());
                union.LegendText = "trace: s_agg(k), cached";
                union.Color = SparseReportData.Color(1).WithAlpha(0.5);
                union.LinePattern = LinePattern.Dashed;
                union.MarkerSize = 0;
                var increment = plot.Add.Scatter(sagg.Select(r => (double)r.K).ToArray(), sagg.Select(r => 100 * r.IncrementFraction).ToArray());
                increment.LegendText = "trace: s_agg(k+1) − s_agg(k), loaded";
                increment.Color = SparseReportData.Color(0).WithAlpha(0.5);
                increment.LinePattern = LinePattern.Dashed;
                increment.MarkerSize = 0;
            }
        }
        var cached = plot.Add.Scatter(measured.Select(m => m.K).ToArray(), measured.Select(m => m.CachedPct).ToArray());
        cached.LegendText = "measured: cached (resident) neurons";
        cached.Color = SparseReportData.Color(1);
        cached.MarkerSize = 9;
        var loaded = plot.Add.Scatter(measured.Select(m => m.K).ToArray(), measured.Select(m => m.IncrementPct).ToArray());
        loaded.LegendText = "measured: neurons loaded per token";
        loaded.Color = SparseReportData.Color(0);
        loaded.MarkerSize = 9;
        var paperLoaded = plot.Add.Scatter(new[] { 5.0 }, new[] { 2.4 });
        paperLoaded.LegendText = "paper, OPT k = 5: 2.4 % loaded, 24 % cached";
        paperLoaded.Color = SparseReportData.PaperColor;
        paperLoaded.MarkerShape = MarkerShape.OpenDiamond;
        paperLoaded.MarkerSize = 14;
        var paperCached = plot.Add.Scatter(new[] { 5.0 }, new[] { 24.0 });
        paperCached.Color = SparseReportData.PaperColor;
        paperCached.MarkerShape = MarkerShape.OpenDiamond;
        paperCached.MarkerSize = 14;
        plot.Axes.SetLimitsY(0, Math.Max(30, measured.Max(m => Math.Max(m.CachedPct, m.IncrementPct)) * 1.1));
        plot.Axes.SetLimitsX(-0.5, Math.Max(17, measured.Max(m => m.K) + 1));
        ChartStyle.LegendOutside(plot);
        return plot;
    }

    private static Plot IoChart(IReadOnlyList<SparseTokenRow> rows, IReadOnlyList<(int K, double IoMs, double MegabytesPerToken)> cases)
    {
        var plot = SparseReportData.NewPlot($"Windowing: I/O time per token ({rows[0].Model}, {rows[0].ReadMethod})", "window k (tokens)", "I/O time per token (ms)");
        var bars = cases.Select((c, i) => new Bar
        {
            Position = i,
            Value = c.IoMs,
            FillColor = SparseReportData.Color(0),
            Label = $"{MarkdownText.Number(c.MegabytesPerToken, 0)} MB",
        }).ToList();
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.SetTicks(cases.Select((_, i) => (double)i).ToArray(), cases.Select(c => c.K == 0 ? "0 (none)" : c.K.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Margins(bottom: 0, top: 0.15);
        return plot;
    }
}
