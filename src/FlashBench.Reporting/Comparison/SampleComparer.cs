using System.Globalization;
using MathNet.Numerics;
using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace FlashBench.Reporting.Comparison;

/// <summary>The statistics of one comparison, as dotnet/performance's ResultsComparer does it: a Mann–Whitney
/// equivalence test (Perfolizer, as BenchmarkDotNet) at the relative threshold AND at the absolute noise floor;
/// a measurement differs only when both say so.</summary>
public static class SampleComparer
{
    private static readonly SimpleEquivalenceTest Equivalence = new(MannWhitneyTest.Instance);

    public static (ComparisonVerdict Verdict, double PWorse, double PBetter) Compare(
        IReadOnlyList<double> baseline, IReadOnlyList<double> diff, MetricDirection direction,
        double relativeThreshold, double noise, double alpha)
    {
        var x = new Sample(diff.ToArray());
        var y = new Sample(baseline.ToArray());
        var relative = Threshold.Parse(Invariant(relativeThreshold * 100) + "%");
        var (pGreater, pLesser) = PValues(x, y, relative);
        bool diffIsGreaterWorse = direction == MetricDirection.LowerIsBetter;
        double pWorse = diffIsGreaterWorse ? pGreater : pLesser;
        double pBetter = diffIsGreaterWorse ? pLesser : pGreater;

        var byThreshold = Equivalence.Perform(x, y, relative, alpha);
        if (byThreshold == ComparisonResult.Unknown)
            return (ComparisonVerdict.Unknown, pWorse, pBetter);
        // "Indistinguishable" only means "same" when the test could have told them apart: with 3 samples
        // against 3 the smallest possible p is 1/20 = 0.05, so a 25 % slowdown would pass as "same".
        // So when it could not, a difference of medians beyond the threshold and the noise floor is "unknown".
        if (byThreshold == ComparisonResult.Indistinguishable)
        {
            double shift = Math.Abs(Median(diff) - Median(baseline));
            bool looksDifferent = shift > relativeThreshold * Math.Abs(Median(baseline)) && shift > noise;
            return (looksDifferent && !CanReach(alpha, x.Size, y.Size) ? ComparisonVerdict.Unknown : ComparisonVerdict.Same, pWorse, pBetter);
        }
        var byNoise = Equivalence.Perform(x, y, Threshold.Parse(Invariant(noise)), alpha);
        if (byNoise is ComparisonResult.Indistinguishable or ComparisonResult.Unknown)
            return (ComparisonVerdict.Same, pWorse, pBetter);
        bool worse = (byThreshold == ComparisonResult.Greater) == diffIsGreaterWorse;
        return (worse ? ComparisonVerdict.Slower : ComparisonVerdict.Faster, pWorse, pBetter);
    }

    /// <summary>One-sided p values that diff exceeds base by more than the threshold, and the reverse; NaN when a
    /// side has fewer than two samples (the test is undefined there).</summary>
    private static (double Greater, double Lesser) PValues(Sample x, Sample y, Threshold threshold)
    {
        if (x.Size < 2 || y.Size < 2)
            return (double.NaN, double.NaN);
        return (MannWhitneyTest.Instance.GetPValue(x, y, AlternativeHypothesis.Greater, threshold),
                MannWhitneyTest.Instance.GetPValue(y, x, AlternativeHypothesis.Greater, threshold));
    }

    /// <summary>Whether a one-sided Mann–Whitney test on samples of these sizes can reach p &lt; alpha at all:
    /// its smallest p value is 1 / C(n + m, n) (complete separation).</summary>
    public static bool CanReach(double alpha, int n, int m) => 1 / SpecialFunctions.Binomial(n + m, n) < alpha;

    private static double Median(IReadOnlyList<double> values) => MathNet.Numerics.Statistics.Statistics.Median(values);

    private static string Invariant(double value) => value.ToString("0.############", CultureInfo.InvariantCulture);
}
