using System.Globalization;
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
        if (byThreshold == ComparisonResult.Indistinguishable)
            return (ComparisonVerdict.Same, pWorse, pBetter);
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

    private static string Invariant(double value) => value.ToString("0.############", CultureInfo.InvariantCulture);
}
