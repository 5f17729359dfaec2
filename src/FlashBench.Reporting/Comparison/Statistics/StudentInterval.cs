using MathNet.Numerics.Statistics;
using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace FlashBench.Reporting.Comparison.Statistics;

/// <summary>Student t interval of a mean: for the family gate over per-round family means. Each such mean averages
/// a family's many points, so it is close to normal, and t stays exact for normal data at any number of rounds —
/// where a distribution-free bound needs 6 rounds before it can reach 95 % at all.</summary>
public static class StudentInterval
{
    /// <summary>Mean and two-sided bounds at <paramref name="confidence"/>; NaN bounds with fewer than 2 values.</summary>
    public static (double Mean, double Lower, double Upper) Of(IReadOnlyList<double> values, double confidence) =>
        Of(values, confidence, values.Count >= 2 ? values.StandardDeviation() : double.NaN);

    /// <summary>As <see cref="Of(IReadOnlyList{double}, double)"/> with the spread given (<see cref="RoundMeanSpread"/>),
    /// still on n − 1 degrees of freedom.</summary>
    public static (double Mean, double Lower, double Upper) Of(IReadOnlyList<double> values, double confidence, double spread)
    {
        double mean = values.Mean();
        if (values.Count < 2)
            return (mean, double.NaN, double.NaN);
        double margin = Quantile(values.Count - 1, confidence) * spread / Math.Sqrt(values.Count);
        return (mean, mean - margin, mean + margin);
    }

    /// <summary>The t quantile of a two-sided interval at <paramref name="confidence"/>.</summary>
    public static double Quantile(int degreesOfFreedom, double confidence) =>
        new StudentDistribution(degreesOfFreedom).Quantile(1 - (1 - confidence) / 2);
}
