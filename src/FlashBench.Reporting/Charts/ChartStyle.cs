using ScottPlot;

namespace FlashBench.Reporting.Charts;

/// <summary>The look every FlashBench chart shares: one palette, titled axes with units, legend outside
/// the data area so it never covers a point.</summary>
public static class ChartStyle
{
    /// <summary>Category10: distinct, colour-blind-tolerant hues; series i always gets colour i.</summary>
    public static IPalette Palette { get; } = new ScottPlot.Palettes.Category10();

    public static Color SeriesColor(int index) => Palette.GetColor(index);

    /// <summary>Colour for anything measured with a warm page cache (never a flash figure).</summary>
    public static Color WarmColor { get; } = Colors.Gray;

    /// <summary>Sans-serif for every label when installed (Debian's fonts-dejavu-core); ScottPlot falls back to
    /// whatever SkiaSharp finds otherwise.</summary>
    public const string PreferredFont = "DejaVu Sans";

    /// <summary>A new plot with a title and axis labels (put the unit in the label: "throughput (MB/s)").</summary>
    public static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        ChartFonts.EnsureAvailable();
        var plot = new Plot();
        if (Fonts.GetTypeface(PreferredFont, bold: false, italic: false)?.FamilyName == PreferredFont)
            plot.Font.Set(PreferredFont);
        plot.Title(title, size: 20);
        plot.XLabel(xLabel, size: 16);
        plot.YLabel(yLabel, size: 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 14;
        plot.Axes.Left.TickLabelStyle.FontSize = 14;
        return plot;
    }

    /// <summary>Legend in its own panel beside the data area (right by default, or below).</summary>
    public static void LegendOutside(Plot plot, Edge edge = Edge.Right)
    {
        var panel = plot.ShowLegend(edge);
        panel.Legend.FontSize = 14;
    }

    /// <summary>Autoscale, then pin the value axis at zero so ratios between bars and lines read true.</summary>
    public static void StartValueAxisAtZero(Plot plot, double headroom = 1.08)
    {
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        double top = limits.Top > 0 ? limits.Top * headroom : 1;
        plot.Axes.SetLimitsY(0, top);
    }

    /// <summary>A line with markers and error bars (mean ± <paramref name="errors"/>) in one colour, one legend entry.</summary>
    public static void AddLineWithErrors(Plot plot, double[] xs, double[] ys, double[] errors, Color color, string legend)
    {
        var bars = plot.Add.ErrorBar(xs, ys, errors);
        bars.Color = color;
        bars.LineWidth = 1.5f;
        var line = plot.Add.Scatter(xs, ys, color);
        line.LineWidth = 2;
        line.MarkerSize = 8;
        line.LegendText = legend;
    }

    /// <summary>Pins the value axis to [0, <paramref name="top"/>] and draws any point above it at the top edge
    /// with its value printed, so one out-of-range series (warm page cache) cannot flatten the others.</summary>
    public static void ClampValueAxis(Plot plot, double top, IEnumerable<(double X, double Y)> points, Color color, string prefix = "")
    {
        plot.Axes.SetLimitsY(0, top);
        foreach (var (x, y) in points.Where(p => p.Y > top))
        {
            var label = plot.Add.Text($"{prefix}{y:#,0} ↑", x, top);
            label.LabelFontColor = color;
            label.LabelFontSize = 13;
            label.LabelAlignment = Alignment.UpperCenter;
        }
    }

    /// <summary>Hollow markers without a line: for points that are not flash figures (warm page cache).</summary>
    public static void AddHollowPoints(Plot plot, double[] xs, double[] ys, Color color, string legend)
    {
        var points = plot.Add.ScatterPoints(xs, ys, color);
        points.MarkerShape = MarkerShape.OpenCircle;
        points.MarkerSize = 12;
        points.MarkerLineWidth = 2;
        points.LegendText = legend;
    }
}
