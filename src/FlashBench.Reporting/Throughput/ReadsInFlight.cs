using System.Globalization;
using FlashBench.Core;
using FlashBench.Core.Results;
using FlashBench.Reporting.Charts;
using FlashBench.Reporting.Markdown;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace FlashBench.Reporting.Throughput;

/// <summary>Fig. 2b's parallelism as reads in flight: the direct method's threads (one blocking pread each) beside
/// io_uring's rings (threads × queue depth), at one chunk size; the same points as MB/s per CPU-second (process user +
/// system time over the window), and a table with both. Drawn only when io_uring ran.</summary>
public static class ReadsInFlight
{
    public const string BlockingMethod = "direct";
    public const string RingMethod = "io_uring";

    /// <summary>The chunk the charts are drawn at: 32 KiB (the paper's fp32 bundle for OPT 6.7B) when io_uring measured
    /// it, else io_uring's smallest; null when io_uring has no flash point.</summary>
    public static int? ChunkShown(IReadOnlyList<ThroughputGroup> groups)
    {
        var chunks = Rings(groups).Select(g => g.ChunkBytes).Distinct().Order().ToList();
        return chunks.Count == 0 ? null : chunks.Contains(32 << 10) ? 32 << 10 : chunks[0];
    }

    public static IReadOnlyList<string> ThroughputChart(RunDirectory run, IReadOnlyList<ThroughputGroup> groups, int chunk) =>
        Chart(run, groups, chunk, $"Throughput vs reads in flight at {Units.FormatChunk(chunk)} (cold cache)",
            ThroughputCharts.ValueLabel, g => (g.MedianMBps, g.LowMBps, g.HighMBps), $"throughput-in-flight-{Units.FormatChunk(chunk)}");

    public static IReadOnlyList<string> CpuChart(RunDirectory run, IReadOnlyList<ThroughputGroup> groups, int chunk) =>
        Chart(run, groups, chunk, $"MB/s per CPU-second vs reads in flight at {Units.FormatChunk(chunk)}",
            "MB read per CPU-second (process user + system; median of passes)", g =>
            {
                double median = g.MedianOf(r => r.MBPerCpuSecond ?? 0);
                return (median, median, median);
            }, $"throughput-per-cpu-{Units.FormatChunk(chunk)}");

    /// <summary>Every direct and io_uring point at <paramref name="chunk"/>: reads in flight, MB/s, CPU time per GB read
    /// and MB/s per CPU-second (medians of the passes).</summary>
    public static string Table(IReadOnlyList<ThroughputGroup> groups, int chunk)
    {
        var table = new MarkdownTable(["method", "threads", "queue depth", "reads in flight", "MB/s", "CPU s per GB", "MB per CPU-s"])
            .AlignRight(1, 2, 3, 4, 5, 6);
        foreach (var g in Lines(groups, chunk).SelectMany(l => l.Points))
        {
            double perCpu = g.MedianOf(r => r.MBPerCpuSecond ?? 0);
            table.AddRow(g.Rows[0].Method, Int(g.Threads), Int(g.QueueDepth), Int(g.ReadsInFlight), SpreadText.Of(g.Figure),
                perCpu > 0 ? (1000 / perCpu).ToString("0.00", CultureInfo.InvariantCulture) : "—",
                perCpu > 0 ? perCpu.ToString("0", CultureInfo.InvariantCulture) : "—");
        }
        return table.ToString();
    }

    private static IReadOnlyList<string> Chart(RunDirectory run, IReadOnlyList<ThroughputGroup> groups, int chunk, string title, string valueLabel,
        Func<ThroughputGroup, (double Median, double Low, double High)> value, string name)
    {
        var plot = ChartStyle.NewPlot(title, "reads in flight (threads × queue depth, log2 scale)", valueLabel);
        var lines = Lines(groups, chunk);
        for (int i = 0; i < lines.Count; i++)
        {
            var points = lines[i].Points;
            double[] xs = points.Select(g => Math.Log2(g.ReadsInFlight)).ToArray();
            var values = points.Select(value).ToArray();
            double[] medians = values.Select(v => v.Median).ToArray();
            var bars = plot.Add.ErrorBar(xs, medians, values.Select(v => v.High - v.Median).ToArray());
            bars.YErrorNegative = values.Select(v => v.Median - v.Low).ToArray();
            bars.Color = ChartStyle.SeriesColor(i);
            bars.LineWidth = 1.5f;
            var line = plot.Add.Scatter(xs, medians, ChartStyle.SeriesColor(i));
            line.LineWidth = 2;
            line.MarkerSize = 8;
            line.LegendText = lines[i].Legend;
        }
        var inFlight = lines.SelectMany(l => l.Points).Select(g => g.ReadsInFlight).Distinct().Order().ToList();
        var ticks = new NumericManual();
        foreach (int n in inFlight)
            ticks.AddMajor(Math.Log2(n), n.ToString(CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = ticks;
        ChartStyle.LegendOutside(plot);
        ChartStyle.StartValueAxisAtZero(plot);
        if (inFlight.Count > 0)
            plot.Axes.SetLimitsX(Math.Log2(inFlight[0]) - 0.4, Math.Log2(inFlight[^1]) + 0.4);
        return ChartFiles.Save(plot, run.Plot(name));
    }

    private sealed record Line(string Legend, IReadOnlyList<ThroughputGroup> Points);

    /// <summary>The direct method by threads, then one io_uring line per ring count by depth.</summary>
    private static List<Line> Lines(IReadOnlyList<ThroughputGroup> groups, int chunk)
    {
        var cold = groups.Where(g => !g.Warm && g.ChunkBytes == chunk).ToList();
        var lines = new List<Line>();
        var blocking = cold.Where(g => g.Rows[0].Method == BlockingMethod).OrderBy(g => g.Threads).ToList();
        if (blocking.Count > 0)
            lines.Add(new Line($"{BlockingMethod} (pread): threads", blocking));
        foreach (var rings in Rings(cold).Where(g => g.ChunkBytes == chunk).GroupBy(g => g.Threads).OrderBy(t => t.Key))
            lines.Add(new Line($"{RingMethod}: {rings.Key} {(rings.Key == 1 ? "ring" : "rings")} × depth", rings.OrderBy(g => g.QueueDepth).ToList()));
        return lines;
    }

    private static IEnumerable<ThroughputGroup> Rings(IEnumerable<ThroughputGroup> groups) =>
        groups.Where(g => !g.Warm && g.Rows[0].Method == RingMethod);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
