using FlashBench.Reporting.Comparison.Statistics;
using MathNet.Numerics.Statistics;
using Pragmastat;

namespace FlashBench.Reporting.Comparison;

/// <summary>The per-point report: for each timed measurement, the Hodges–Lehmann estimate of its per-round log
/// slowdowns (Pragmastat's Center), signed-rank bounds and p value, Benjamini–Hochberg over all points, and a
/// verdict against the point minimum effect. A report only: the exit code comes from the family gates.</summary>
public static class PointComparer
{
    public static IReadOnlyList<PointResult> Compare(IReadOnlyList<PairedRounds> timed, ComparisonOptions options)
    {
        var compared = timed.Where(p => p.Usable.Count >= 2).ToList();
        var results = compared.Select(p => Estimate(p, options)).ToList();
        var q = FalseDiscoveryRate.Adjust(results.Select(r => r.PValue).ToList());
        return results.Select((r, i) => Decide(r with { QValue = q[i] }, compared[i], options)).ToList();
    }

    private static PointResult Estimate(PairedRounds pair, ComparisonOptions options)
    {
        var d = pair.LogSlowdowns().Select(x => x.LogSlowdown).ToList();
        bool referenced = pair.Referenced;
        double confidence = options.ConfidenceFor(pair.Measurement.Kind, referenced);
        double center = Toolkit.Center(new Sample(d.ToArray())).NominalValue;
        var (lower, upper) = SignedRank.Bounds(d, confidence);
        return new PointResult(pair.Measurement, d.Count,
            pair.Usable.Select(i => pair.Base[i].Median!.Value).Median(), pair.Usable.Select(i => pair.Head[i].Median!.Value).Median(),
            referenced, confidence, Math.Exp(center), Bound(lower), Bound(upper), SignedRank.PValue(d), double.NaN, PointVerdict.Unknown, null);
    }

    /// <summary>NaN when too few rounds give no bound at that confidence.</summary>
    private static double Bound(double logBound) => double.IsFinite(logBound) ? Math.Exp(logBound) : double.NaN;

    private static PointResult Decide(PointResult r, PairedRounds pair, ComparisonOptions options)
    {
        double effect = Math.Log(1 + options.PointMinEffect);
        double estimate = Math.Log(r.Slowdown);
        bool shown = r.QValue <= 1 - r.Confidence;
        var verdict = shown && estimate >= effect ? PointVerdict.Slower
            : shown && estimate <= -effect ? PointVerdict.Faster
            : Math.Log(r.Lower) >= -effect && Math.Log(r.Upper) <= effect ? PointVerdict.Same
            : shown ? PointVerdict.Same
            : PointVerdict.Unknown;
        if (verdict != PointVerdict.Unknown)
            return r with { Verdict = verdict };
        // To call it, the bounds must clear zero (estimate beyond the effect) or fit inside ± the effect (within it).
        double distance = Math.Abs(estimate) >= effect ? Math.Abs(estimate) : effect - Math.Abs(estimate);
        double spread = pair.LogSlowdowns().Select(x => x.LogSlowdown).StandardDeviation();
        int? inAll = RoundsNeeded.InAll(spread, distance, r.Confidence, SignedRank.MinimumRounds(r.Confidence));
        return r with { Verdict = verdict, RoundsInAll = inAll is { } n ? Math.Max(n, r.Rounds + 1) : null };
    }
}
