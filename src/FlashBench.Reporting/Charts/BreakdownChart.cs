using ScottPlot;

namespace FlashBench.Reporting.Charts;

/// <summary>Per-token latency split into the paper's three parts (Table 3: I/O, memory management, compute).</summary>
public sealed record LatencyBreakdown(double IoMs, double MemoryMs, double ComputeMs)
{
    public double TotalMs => IoMs + MemoryMs + ComputeMs;
}

/// <summary>One x position of a breakdown chart: the paper's bar (hatched) beside the measured one.
/// Either may be null (a configuration the paper did not run, or one not measured here).</summary>
public sealed record BreakdownGroup(string Label, LatencyBreakdown? Paper, LatencyBreakdown? Measured);

/// <summary>Stacked bars (I/O, memory, compute), paper (hatched) and measured (solid) side by side per group. One tick
/// label per group, centred under its pair: a label under each bar ran neighbouring labels together.</summary>
public static class BreakdownChart
{
    private static readonly string[] PartNames = ["I/O", "memory management", "compute"];

    public static Plot Create(string title, IReadOnlyList<BreakdownGroup> groups, string yLabel = "per-token latency (ms)")
    {
        var plot = ChartStyle.NewPlot(title, "", yLabel);
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        var bars = new List<Bar>();
        for (int g = 0; g < groups.Count; g++)
        {
            double center = g * 3;
            AddStack(bars, center - 0.45, groups[g].Paper, hatched: true);
            AddStack(bars, center + 0.45, groups[g].Measured, hatched: false);
            ticks.AddMajor(center, groups[g].Label);
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = ticks;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        for (int part = 0; part < PartNames.Length; part++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = PartNames[part], FillColor = ChartStyle.SeriesColor(part) });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "paper (hatched, left bar)", FillColor = Colors.White, FillHatch = new ScottPlot.Hatches.Striped(), FillHatchColor = Colors.Black });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "measured here (solid, right bar)", FillColor = Colors.Gray });
        ChartStyle.LegendOutside(plot);
        ChartStyle.StartValueAxisAtZero(plot);
        plot.Axes.SetLimitsX(-1.5, groups.Count * 3 - 1.5);
        return plot;
    }

    private static void AddStack(List<Bar> bars, double position, LatencyBreakdown? value, bool hatched)
    {
        if (value is null)
            return;
        double[] parts = [value.IoMs, value.MemoryMs, value.ComputeMs];
        double bottom = 0;
        for (int part = 0; part < parts.Length; part++)
        {
            var bar = new Bar
            {
                Position = position,
                ValueBase = bottom,
                Value = bottom + parts[part],
                Size = 0.8,
                FillColor = ChartStyle.SeriesColor(part),
            };
            if (hatched)
            {
                bar.FillHatch = new ScottPlot.Hatches.Striped();
                bar.FillHatchColor = Colors.White.WithAlpha(0.6);
            }
            bars.Add(bar);
            bottom += parts[part];
        }
    }
}
