using FlashBench.Core;
using FlashBench.Core.Results;
using FlashBench.Reporting.Charts;
using ScottPlot;

namespace FlashBench.Reporting.Throughput;

/// <summary>Fig. 2b-style charts: throughput vs chunk size (log2) per method, one line per thread count;
/// all methods at the largest thread count; per-read latency. Lines join the medians across passes and the error
/// bars span the passes' lowest to highest figure. Warm points are never drawn as flash lines: they appear only as
/// grey hollow markers labelled "warm (page cache)"; excluded rows are not drawn at all.</summary>
public static class ThroughputCharts
{
    public const string WarmLegend = "warm (page cache)";

    public const string ValueLabel = "throughput (MB/s, median of passes; bars min–max)";

    public static IReadOnlyList<string> PerMethod(RunDirectory run, string method, IReadOnlyList<ThroughputGroup> groups)
    {
        var mine = groups.Where(g => g.Method == method).ToList();
        string readPath = mine.First().ReadPath;
        var plot = ChartStyle.NewPlot($"{method}: {Shorten(readPath)}", ChunkAxis.Label, ValueLabel);
        var cold = mine.Where(g => !g.Warm).GroupBy(g => g.Threads).OrderBy(t => t.Key).ToList();
        for (int i = 0; i < cold.Count; i++)
            AddSeries(plot, cold[i].OrderBy(g => g.ChunkBytes).ToList(), ChartStyle.SeriesColor(i), cold[i].Key == 1 ? "1 thread" : $"{cold[i].Key} threads");
        AddWarm(plot, mine);
        return Finish(plot, run, $"throughput-{method}", mine);
    }

    public static IReadOnlyList<string> MethodsAtThreads(RunDirectory run, IReadOnlyList<ThroughputGroup> groups, int threads)
    {
        var atThreads = groups.Where(g => g.Threads == threads).ToList();
        var plot = ChartStyle.NewPlot($"All read methods at {threads} threads", ChunkAxis.Label, ValueLabel);
        var methods = atThreads.Where(g => !g.Warm).GroupBy(g => g.Method).OrderBy(m => ThroughputGroup.MethodOrder(m.Key)).ToList();
        for (int i = 0; i < methods.Count; i++)
            AddSeries(plot, methods[i].OrderBy(g => g.ChunkBytes).ToList(), ChartStyle.SeriesColor(i), methods[i].Key);
        AddWarm(plot, atThreads);
        return Finish(plot, run, $"throughput-methods-{threads}threads", atThreads);
    }

    /// <summary>p50 (solid) and p99 (dashed) per-read latency vs chunk size (medians across passes), log10 latency axis.</summary>
    public static IReadOnlyList<string> Latency(RunDirectory run, IReadOnlyList<ThroughputGroup> groups, int threads)
    {
        var cold = groups.Where(g => g.Threads == threads && !g.Warm).ToList();
        var plot = ChartStyle.NewPlot($"Per-read latency at {threads} threads (cold cache)", ChunkAxis.Label, "latency per read (µs, log scale)");
        var methods = cold.GroupBy(g => g.Method).OrderBy(m => ThroughputGroup.MethodOrder(m.Key)).ToList();
        var all = new List<double>();
        for (int i = 0; i < methods.Count; i++)
        {
            var points = methods[i].OrderBy(g => g.ChunkBytes).ToList();
            double[] xs = ChunkAxis.Positions(points.Select(g => (long)g.ChunkBytes));
            double[] p50 = points.Select(g => g.MedianOf(r => r.P50Micros)).ToArray();
            double[] p99 = points.Select(g => g.MedianOf(r => r.P99Micros)).ToArray();
            all.AddRange(p50);
            all.AddRange(p99);
            var color = ChartStyle.SeriesColor(i);
            var median = plot.Add.Scatter(xs, LogValueAxis.Positions(p50), color);
            median.LegendText = $"{methods[i].Key} p50";
            median.LineWidth = 2;
            var tail = plot.Add.Scatter(xs, LogValueAxis.Positions(p99), color);
            tail.LegendText = $"{methods[i].Key} p99";
            tail.LinePattern = LinePattern.Dashed;
            tail.MarkerShape = MarkerShape.OpenSquare;
            tail.LineWidth = 2;
        }
        var positive = all.Where(v => v > 0).ToList();
        ChartStyle.LegendOutside(plot);
        ChunkAxis.Apply(plot, cold.Select(g => (long)g.ChunkBytes));
        if (positive.Count > 0)
            LogValueAxis.ApplyLeft(plot, positive.Min(), positive.Max());
        return ChartFiles.Save(plot, run.Plot($"throughput-latency-{threads}threads"));
    }

    /// <summary>Medians joined by a line, each with a bar from the lowest to the highest pass figure.</summary>
    private static void AddSeries(Plot plot, List<ThroughputGroup> points, Color color, string legend)
    {
        double[] xs = ChunkAxis.Positions(points.Select(g => (long)g.ChunkBytes));
        double[] medians = points.Select(g => g.MedianMBps).ToArray();
        var bars = plot.Add.ErrorBar(xs, medians, points.Select(g => g.HighMBps - g.MedianMBps).ToArray());
        bars.YErrorNegative = points.Select(g => g.MedianMBps - g.LowMBps).ToArray();
        bars.Color = color;
        bars.LineWidth = 1.5f;
        var line = plot.Add.Scatter(xs, medians, color);
        line.LineWidth = 2;
        line.MarkerSize = 8;
        line.LegendText = legend;
    }

    private static void AddWarm(Plot plot, IEnumerable<ThroughputGroup> groups)
    {
        var warm = groups.Where(g => g.Warm).ToList();
        if (warm.Count == 0)
            return;
        ChartStyle.AddHollowPoints(plot,
            ChunkAxis.Positions(warm.Select(g => (long)g.ChunkBytes)),
            warm.Select(g => g.MedianMBps).ToArray(),
            ChartStyle.WarmColor, WarmLegend);
    }

    private static IReadOnlyList<string> Finish(Plot plot, RunDirectory run, string name, IReadOnlyList<ThroughputGroup> groups)
    {
        ChartStyle.LegendOutside(plot);
        ChartStyle.StartValueAxisAtZero(plot);
        // Warm points can be many times the flash figures; the axis follows the cold (flash) data.
        var cold = groups.Where(g => !g.Warm).ToList();
        if (cold.Count > 0 && groups.Any(g => g.Warm))
        {
            double coldTop = cold.Max(g => g.HighMBps) * 1.15;
            ChartStyle.ClampValueAxis(plot, coldTop,
                groups.Where(g => g.Warm).Select(g => (ChunkAxis.Position(g.ChunkBytes), g.MedianMBps)), ChartStyle.WarmColor, "warm ");
        }
        ChunkAxis.Apply(plot, groups.Select(g => (long)g.ChunkBytes));
        return ChartFiles.Save(plot, run.Plot(name));
    }

    /// <summary>The read-path description up to its first ';' (the rest is about eviction), for titles.</summary>
    private static string Shorten(string readPath)
    {
        string first = readPath.Split(';', 2)[0].Trim();
        return first.Length == 0 ? "read path not recorded" : first;
    }

    internal static string ChunkLabel(int bytes) => Units.FormatChunk(bytes);
}
