using MathNet.Numerics.Statistics;

namespace FlashBench.Reporting.Comparison;

/// <summary>The outcome of comparing two runs; printing and exit codes are the caller's business.</summary>
public sealed record RunComparison(
    IReadOnlyList<string> BaseRuns, IReadOnlyList<string> DiffRuns, ComparisonOptions Options,
    IReadOnlyList<MeasurementComparison> Measurements, IReadOnlyList<Unmatched> Unmatched)
{
    public bool HasRegression => Measurements.Any(m => m.Verdict == ComparisonVerdict.Slower);

    public IEnumerable<MeasurementComparison> With(ComparisonVerdict verdict) => Measurements.Where(m => m.Verdict == verdict);

    /// <summary>Geometric mean of the slowdown factors of all matched measurements (above 1 = diff slower overall).</summary>
    public double GeometricMeanSlowdown
    {
        get
        {
            var factors = Measurements.Select(m => m.Slowdown).Where(f => double.IsFinite(f) && f > 0).ToList();
            return factors.Count == 0 ? double.NaN : factors.GeometricMean();
        }
    }
}
