using System.Globalization;
using System.Text;
using FlashBench.Core.Pairing;
using FlashBench.Core.Results;
using FlashBench.Reporting.Charts;
using FlashBench.Reporting.Markdown;
using MathNet.Numerics.Statistics;
using ScottPlot;

namespace FlashBench.Reporting.Adapters;

/// <summary>adapters.csv → the cold swap of each LoRA adapter in each layout and read method (ms, MB/s) beside the raw curve
/// at its read size read in the same round, the paired ratios, and the first token after a swap against a steady one.</summary>
public sealed class AdaptersReport(string experiment, string csvFileName) : IExperimentReport
{
    public const string Title = "Adapters from flash (AFM-on-device LoRA)";

    public bool HasData(RunDirectory run) => File.Exists(run.Result(csvFileName));

    public ReportSection Build(RunDirectory run)
    {
        var all = CsvFiles.Read<AdapterSwapRow>(run.Result(csvFileName));
        var rows = AdapterPairs.Counted(all);
        if (rows.Count == 0)
            return new ReportSection(Title, $"No swap counted: all {all.Count} were measured while the device was not steady, warm, re-read or failed verification.\n", []);
        var first = rows[0];
        var md = new StringBuilder();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Setup: {first.Model}, rank-{first.Rank} LoRA in fp16 on every linear layer (q, k, v, o, gate, up, down), {first.AdapterPayloadBytes / 1e6:0.0} MB per adapter ({first.SwapBytes / 1e6:0.0} MB read with each layer block padded to 4 KiB), {rows.Select(r => r.Task).Distinct().Count()} task adapters; {first.ReadsInFlight} reads in flight; page cache evicted before each swap; each round reads a fresh copy of the files. Control: the same method and reads in flight at the swap's read size on a file no swap reads, right after the swap. Tokens: the base products of one layer weighted by {first.Model}'s layers plus the adapter on every layer; {first.ComputeThreads} compute threads. {rows.Count} swaps counted of {all.Count}."));
        md.AppendLine();
        var lines = HeadlineLines(rows);
        md.AppendLine("Paired ratios (median of the same round's pairs, distribution-free bounds):");
        md.AppendLine();
        foreach (string line in lines)
            md.AppendLine($"- {line}");
        md.AppendLine();

        var sides = Sides(rows);
        md.Append(sides);
        md.AppendLine();
        var perTask = new MarkdownTable("task", "layout", "method", "swaps", "swap ms", "swap MB/s", "control MB/s", "÷ control", "first token ms", "steady token ms")
            .AlignRight(3, 4, 5, 6, 7, 8, 9);
        foreach (var g in rows.GroupBy(r => (r.Task, r.Layout, r.ReadMethod)).OrderBy(g => TaskOrder(rows, g.Key.Task)).ThenBy(g => g.Key.Layout).ThenBy(g => g.Key.ReadMethod))
        {
            perTask.AddRow(g.Key.Task, g.Key.Layout, g.Key.ReadMethod, g.Count().ToString(CultureInfo.InvariantCulture),
                MarkdownText.Number(g.Select(r => r.SwapMs).Median(), 1), MarkdownText.Number(g.Select(r => r.SwapMBps).Median(), 0),
                MarkdownText.Number(g.Select(r => r.ControlMBps).Median(), 0), MarkdownText.Number(g.Select(r => r.OfControl).Median(), 2),
                MarkdownText.Number(g.Select(r => r.FirstTokenMs).Median(), 1), MarkdownText.Number(g.Select(r => r.SteadyTokenMs).Median(), 1));
        }
        md.AppendLine("Per adapter (medians over rounds):");
        md.AppendLine();
        md.Append(perTask);
        md.AppendLine();
        var files = Chart(run, rows);
        md.AppendLine(MarkdownText.Chart("adapter swap MB/s per task and side, beside the control", run.ResultsPath, files));
        return new ReportSection(Title, md.ToString(), files, rows.Any(r => r.Cache != "cold"),
            new Dictionary<string, string> { [experiment] = sides.ToString() });
    }

    /// <summary>The ratio lines the console and REPORT.md print: each side against the control, the layouts against each
    /// other, the first token against the steady one.</summary>
    public static IReadOnlyList<string> HeadlineLines(IReadOnlyList<AdapterSwapRow> rows)
    {
        var lines = new List<string>();
        foreach (var (layout, method, ratio) in AdapterPairs.OfControl(rows))
            lines.Add(Line($"{layout} {method} swap ÷ control", ratio));
        foreach (var (method, ratio) in AdapterPairs.Layouts(rows, "per-layer", "per-adapter"))
            lines.Add(Line($"per-layer ÷ per-adapter swap MB/s ({method})", ratio));
        foreach (var (layout, method, ratio) in AdapterPairs.FirstToken(rows))
            lines.Add(Line($"{layout} {method} first token ÷ steady token", ratio));
        return lines;
    }

    private static string Line(string label, PairedRatio? ratio) =>
        ratio is null ? $"{label}: no pairs" : $"{label} {ratio.Format()} ({ratio.Describe()})";

    private static MarkdownTable Sides(IReadOnlyList<AdapterSwapRow> rows)
    {
        var table = new MarkdownTable("layout", "method", "swaps", "read size (KiB)", "reads", "swap ms", "swap MB/s", "control MB/s", "swap ÷ control", "first token ms", "steady token ms", "first ÷ steady")
            .AlignRight(2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        var control = AdapterPairs.OfControl(rows).ToDictionary(r => (r.Layout, r.Method), r => r.Ratio);
        var tokens = AdapterPairs.FirstToken(rows).ToDictionary(r => (r.Layout, r.Method), r => r.Ratio);
        foreach (var g in rows.GroupBy(r => (r.Layout, r.ReadMethod)).OrderBy(g => g.Key.Layout).ThenBy(g => g.Key.ReadMethod))
        {
            table.AddRow(g.Key.Layout, g.Key.ReadMethod, g.Count().ToString(CultureInfo.InvariantCulture),
                MarkdownText.Number(g.Select(r => r.ReadBytes / 1024.0).Median(), 0), MarkdownText.Number(g.Select(r => (double)r.Reads).Median(), 0),
                Spread(g.Select(r => r.SwapMs), 1), Spread(g.Select(r => r.SwapMBps), 0), Spread(g.Select(r => r.ControlMBps), 0),
                control[g.Key] is { } c ? $"{c.Format()} ({c.Describe()})" : "n/a",
                MarkdownText.Number(g.Select(r => r.FirstTokenMs).Median(), 1), MarkdownText.Number(g.Select(r => r.SteadyTokenMs).Median(), 1),
                tokens[g.Key] is { } t ? t.Format() : "n/a");
        }
        return table;
    }

    /// <summary>"median [lowest–highest]".</summary>
    private static string Spread(IEnumerable<double> values, int decimals)
    {
        var list = values.ToList();
        return $"{MarkdownText.Number(list.Median(), decimals)} [{MarkdownText.Number(list.Min(), decimals)}–{MarkdownText.Number(list.Max(), decimals)}]";
    }

    private static int TaskOrder(IReadOnlyList<AdapterSwapRow> rows, string task) =>
        rows.Select(r => r.Task).Distinct().ToList().IndexOf(task);

    private static IReadOnlyList<string> Chart(RunDirectory run, IReadOnlyList<AdapterSwapRow> rows)
    {
        var tasks = rows.Select(r => r.Task).Distinct().ToList();
        var sides = rows.Select(r => (r.Layout, r.ReadMethod)).Distinct().OrderBy(s => s.Layout).ThenBy(s => s.ReadMethod).ToList();
        var plot = ChartStyle.NewPlot($"Adapter swaps from flash ({rows[0].Model}, rank {rows[0].Rank}, fp16)", "task adapter", "swap throughput (MB/s, median of rounds)");
        var bars = new List<Bar>();
        int width = sides.Count + 1;
        for (int s = 0; s < sides.Count; s++)
        {
            var color = ChartStyle.SeriesColor(s);
            for (int t = 0; t < tasks.Count; t++)
            {
                var cell = rows.Where(r => r.Task == tasks[t] && r.Layout == sides[s].Layout && r.ReadMethod == sides[s].ReadMethod).ToList();
                if (cell.Count > 0)
                    bars.Add(new Bar { Position = t * width + s, Value = cell.Select(r => r.SwapMBps).Median(), FillColor = color });
            }
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"{sides[s].Layout} {sides[s].ReadMethod}", FillColor = color });
            double control = rows.Where(r => r.Layout == sides[s].Layout && r.ReadMethod == sides[s].ReadMethod).Select(r => r.ControlMBps).Median();
            var line = plot.Add.HorizontalLine(control);
            line.Color = color;
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = $"control, {sides[s].Layout} {sides[s].ReadMethod}";
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(tasks.Select((_, t) => t * width + (sides.Count - 1) / 2.0).ToArray(), tasks.ToArray());
        plot.Axes.Margins(bottom: 0, top: 0.15);
        ChartStyle.LegendOutside(plot);
        return ChartFiles.Save(plot, run.Plot("adapters-swap"));
    }
}
