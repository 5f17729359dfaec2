using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace FlashBench.Reporting.Charts;

/// <summary>Log10 value axis for quantities spanning decades (latencies): plot log10(value) and label
/// ticks 1-2-5 per decade with the values themselves (ScottPlot 5 has no native log axis).</summary>
public static class LogValueAxis
{
    public static double Position(double value) => Math.Log10(Math.Max(value, double.Epsilon));

    public static double[] Positions(IEnumerable<double> values) => values.Select(Position).ToArray();

    public static void ApplyLeft(Plot plot, double min, double max)
    {
        if (!(min > 0) || !(max >= min))
            return;
        var ticks = new NumericManual();
        int first = (int)Math.Floor(Math.Log10(min));
        int last = (int)Math.Ceiling(Math.Log10(max));
        for (int decade = first; decade <= last; decade++)
        {
            foreach (int step in new[] { 1, 2, 5 })
            {
                double value = step * Math.Pow(10, decade);
                if (value >= min / 2 && value <= max * 2)
                    ticks.AddMajor(Position(value), Label(value));
            }
        }
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.SetLimitsY(Position(min) - 0.1, Position(max) + 0.1);
    }

    private static string Label(double value) =>
        value >= 1 ? value.ToString("#,0", CultureInfo.InvariantCulture) : value.ToString("G3", CultureInfo.InvariantCulture);
}
