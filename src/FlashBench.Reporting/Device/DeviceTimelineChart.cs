using FlashBench.Core.Results;
using FlashBench.Reporting.Charts;
using ScottPlot;

namespace FlashBench.Reporting.Device;

/// <summary>The device over the run: every probe's MB/s against run time, the baseline and the degraded threshold, each
/// experiment's span shaded and named, and the cases measured while the device was outside its band in red.</summary>
public static class DeviceTimelineChart
{
    public const string Name = "device-timeline";

    /// <summary>The share of the baseline below which a probe is degraded (the device watch's threshold).</summary>
    public static readonly double DegradedFraction = new FlashBench.Core.DeviceWatch.DeviceWatchOptions().DegradedFraction;

    private static readonly Color SlowedColor = Colors.Red;

    /// <summary>Writes plots/&lt;run&gt;/device-timeline.png and .svg; returns both paths.</summary>
    public static IReadOnlyList<string> Save(RunDirectory run, DeviceRecord record) =>
        ChartFiles.Save(Build(record), run.Plot(Name));

    public static Plot Build(DeviceRecord record)
    {
        var plot = ChartStyle.NewPlot("Device probes over the run (16 KiB direct reads, 32 in flight)", "run time (min)", "probe throughput (MB/s)");
        double baseline = record.Baseline;
        double top = Math.Max(1, Math.Max(baseline, record.Probes.Select(p => p.MBps).DefaultIfEmpty(0).Max())) * 1.2;
        double end = Math.Max(record.Probes.Select(p => p.RunSeconds).DefaultIfEmpty(0).Max(),
            record.Cases.Select(c => c.EndSeconds).DefaultIfEmpty(0).Max()) / 60;

        ShadeExperiments(plot, record.Cases, top);
        MarkSlowedCases(plot, record.Cases);
        if (baseline > 0)
            AddBaseline(plot, record.Probes, baseline);
        AddProbes(plot, record.Probes);

        plot.Axes.SetLimitsX(0, Math.Max(end * 1.02, 0.1));
        plot.Axes.SetLimitsY(0, top);
        ChartStyle.LegendOutside(plot, Edge.Bottom);
        return plot;
    }

    /// <summary>Each experiment from its first case's start to its last case's end, named at the top (alternating heights
    /// so that short neighbouring experiments keep readable names).</summary>
    private static void ShadeExperiments(Plot plot, IReadOnlyList<DeviceCaseRow> cases, double top)
    {
        var spans = cases.GroupBy(c => c.Experiment)
            .Select(g => (Experiment: g.Key, Start: g.Min(c => c.StartSeconds) / 60, End: g.Max(c => c.EndSeconds) / 60))
            .OrderBy(s => s.Start).ToList();
        for (int i = 0; i < spans.Count; i++)
        {
            var color = ChartStyle.SeriesColor(i);
            var span = plot.Add.HorizontalSpan(spans[i].Start, spans[i].End);
            span.FillStyle.Color = color.WithAlpha(0.10);
            span.LineStyle.Width = 0;
            var label = plot.Add.Text(spans[i].Experiment, (spans[i].Start + spans[i].End) / 2, top * (i % 2 == 0 ? 0.985 : 0.93));
            label.LabelFontColor = color;
            label.LabelFontSize = 15;
            label.LabelBold = true;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
            label.LabelAlignment = Alignment.UpperCenter;
        }
    }

    private static void MarkSlowedCases(Plot plot, IReadOnlyList<DeviceCaseRow> cases)
    {
        bool legend = true;
        foreach (var c in cases.Where(c => c.State is DeviceStates.Degraded or DeviceStates.Replaced))
        {
            var span = plot.Add.HorizontalSpan(c.StartSeconds / 60, c.EndSeconds / 60);
            span.FillStyle.Color = SlowedColor.WithAlpha(c.State == DeviceStates.Degraded ? 0.35 : 0.18);
            span.LineStyle.Width = 0;
            if (legend)
                span.LegendText = "case measured while slowed (dark: left marked, light: re-measured)";
            legend = false;
        }
    }

    /// <summary>The baseline each probe was judged against (it rises when the device settles higher than it first did) as
    /// a step line, and the degraded threshold under it; one horizontal line each for a run with one baseline.</summary>
    private static void AddBaseline(Plot plot, IReadOnlyList<DeviceProbeRow> probes, double baseline)
    {
        var judged = probes.Where(p => p.BaselineMBps > 0).OrderBy(p => p.RunSeconds).ToList();
        if (judged.Select(p => p.BaselineMBps).Distinct().Count() <= 1)
        {
            Style(plot.Add.HorizontalLine(baseline), $"baseline {baseline:0} MB/s", threshold: false);
            Style(plot.Add.HorizontalLine(baseline * DegradedFraction), $"degraded below {baseline * DegradedFraction:0} MB/s ({DegradedFraction:P0} of baseline)", threshold: true);
            return;
        }
        double[] minutes = [.. judged.Select(p => p.RunSeconds / 60)];
        var steps = plot.Add.ScatterLine(minutes, judged.Select(p => p.BaselineMBps).ToArray());
        steps.ConnectStyle = ConnectStyle.StepHorizontal;
        Style(steps, $"baseline ({judged[0].BaselineMBps:0} → {judged[^1].BaselineMBps:0} MB/s as the device settled higher)", threshold: false);
        var under = plot.Add.ScatterLine(minutes, judged.Select(p => p.BaselineMBps * DegradedFraction).ToArray());
        under.ConnectStyle = ConnectStyle.StepHorizontal;
        Style(under, $"degraded below {DegradedFraction:P0} of the baseline", threshold: true);
    }

    private static void Style(IHasLine line, string legend, bool threshold)
    {
        line.LineColor = threshold ? SlowedColor : Colors.DarkGreen;
        line.LineWidth = 2;
        if (threshold)
            line.LinePattern = LinePattern.Dashed;
        ((IHasLegendText)line).LegendText = legend;
    }

    private static void AddProbes(Plot plot, IReadOnlyList<DeviceProbeRow> probes)
    {
        var ordered = probes.OrderBy(p => p.RunSeconds).ToList();
        var line = plot.Add.Scatter(ordered.Select(p => p.RunSeconds / 60).ToArray(), ordered.Select(p => p.MBps).ToArray(), Colors.Black);
        line.LineWidth = 1.5f;
        line.MarkerSize = 6;
        line.LegendText = "probe";
        var degraded = ordered.Where(p => p.State == DeviceStates.Degraded).ToList();
        if (degraded.Count == 0)
            return;
        var marks = plot.Add.ScatterPoints(degraded.Select(p => p.RunSeconds / 60).ToArray(), degraded.Select(p => p.MBps).ToArray(), SlowedColor);
        marks.MarkerSize = 10;
        marks.LegendText = "degraded probe";
    }
}
