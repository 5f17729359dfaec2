using MathNet.Numerics.Statistics;

namespace FlashBench.Core.Throughput.Summaries;

/// <summary>A point's figure across passes (the replicates: iterations inside a pass share the device's state):
/// the median of the pass figures, their range, and the interquartile range once there are four or more passes
/// (MathNet's quartiles; with fewer the quartiles are not worth a column).</summary>
public sealed record Spread(double Median, double Min, double Max, double? LowerQuartile, double? UpperQuartile, int Passes)
{
    public const int PassesForQuartiles = 4;

    public static Spread Of(IReadOnlyCollection<double> passFigures)
    {
        if (passFigures.Count == 0)
            throw new ArgumentException("a spread needs at least one pass", nameof(passFigures));
        double[] values = [.. passFigures];
        bool quartiles = values.Length >= PassesForQuartiles;
        return new Spread(Statistics.Median(values), values.Min(), values.Max(),
            quartiles ? Statistics.LowerQuartile(values) : null,
            quartiles ? Statistics.UpperQuartile(values) : null,
            values.Length);
    }

    /// <summary>(max − min) / median: the passes' relative range.</summary>
    public double RelativeRange => Median > 0 ? (Max - Min) / Median : double.NaN;
}
