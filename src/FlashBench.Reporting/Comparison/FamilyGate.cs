using FlashBench.Reporting.Comparison.Statistics;

namespace FlashBench.Reporting.Comparison;

/// <summary>One gate per family decides the exit code. Per round, the family mean of its points' log slowdowns;
/// over rounds, a Student t interval of that mean (see <see cref="StudentInterval"/>) whose spread is never below
/// what the points' own round-to-round noise allows (<see cref="RoundMeanSpread"/>). The family regresses when
/// the lower bound of the geometric-mean slowdown is above 1 and the estimate is at least the minimum effect —
/// or when a counted metric of it (allocations) got worse in every round. A family that did not regress but whose
/// detectable effect (<see cref="DetectableEffect"/>) is above the minimum effect is under-powered: not passed.
/// <para>Any gate failing fails the comparison, so the confidence is split across the gates (Bonferroni): with five
/// gates at 95 % each, a commit compared with itself would fail about one time in five (one such run here flagged a
/// single-benchmark family at ×1.16 [1.03–1.31]); at 1 − 5 %/5 per gate, one time in twenty.</para></summary>
public static class FamilyGate
{
    private const int WorstShown = 3;

    public static IReadOnlyList<FamilyResult> Decide(IReadOnlyList<PairedRounds> pairs, IReadOnlyList<PointResult> points,
        IReadOnlyList<CountedResult> counted, ComparisonOptions options)
    {
        var families = pairs.GroupBy(p => p.Measurement.Family).ToList();
        int gates = Math.Max(1, families.Count(f => f.Any(IsTimed)) + options.OtherGates);
        return families
            .Select(family => Decide(family.Key, family.ToList(), points, counted, options, gates))
            .OfType<FamilyResult>()
            .ToList();
    }

    private static bool IsTimed(PairedRounds pair) => pair.Measurement.Kind != MetricKind.Counted && pair.Usable.Count >= 2;

    /// <summary>The confidence of one of <paramref name="gates"/> gates so that all of them together hold <paramref name="confidence"/>.</summary>
    public static double PerGate(double confidence, int gates) => 1 - (1 - confidence) / Math.Max(1, gates);

    private static FamilyResult? Decide(string family, List<PairedRounds> pairs, IReadOnlyList<PointResult> points,
        IReadOnlyList<CountedResult> counted, ComparisonOptions options, int gates)
    {
        var timed = pairs.Where(IsTimed).ToList();
        var countedRegressions = counted.Where(c => c.Measurement.Family == family && c.Verdict == PointVerdict.Slower).ToList();
        if (timed.Count == 0 && countedRegressions.Count == 0)
            return null;
        bool deviceBound = timed.Any(p => p.Measurement.Kind == MetricKind.DeviceBound);
        int referenced = timed.Count(p => p.Referenced);
        double confidence = PerGate(deviceBound && referenced < timed.Count ? options.UnreferencedConfidence : options.Confidence, gates);
        var byPoint = timed.Select(p => p.LogSlowdowns()).ToList();
        var roundMeans = byPoint.SelectMany(x => x)
            .GroupBy(x => x.Round)
            .OrderBy(g => g.Key)
            .Select(g => g.Average(x => x.LogSlowdown))
            .ToList();
        double spread = RoundMeanSpread.Of(roundMeans,
            byPoint.Select(point => (IReadOnlyDictionary<int, double>)point.ToDictionary(x => x.Round, x => x.LogSlowdown)).ToList());
        var (mean, lower, upper) = roundMeans.Count > 0 ? StudentInterval.Of(roundMeans, confidence, spread) : (0.0, 0.0, 0.0);
        double effect = Math.Log(1 + options.MinEffect);
        double detectable = DetectableEffect.FromStudent(spread, roundMeans.Count, confidence);
        var verdict = countedRegressions.Count > 0 || (lower > 0 && mean >= effect) ? FamilyVerdict.Regressed
            : upper < 0 && mean <= -effect ? FamilyVerdict.Improved
            : mean >= effect ? FamilyVerdict.Inconclusive
            : detectable > effect ? FamilyVerdict.UnderPowered
            : FamilyVerdict.NoRegression;
        int? inAll = verdict == FamilyVerdict.Inconclusive ? RoundsNeeded.InAll(spread, mean, confidence, minimum: roundMeans.Count + 1)
            : verdict == FamilyVerdict.UnderPowered ? DetectableEffect.RoundsToResolve(spread, effect, confidence, minimum: roundMeans.Count + 1)
            : null;
        var worst = points.Where(p => p.Measurement.Family == family && p.Slowdown > 1)
            .OrderByDescending(p => p.Slowdown).Take(WorstShown).ToList();
        return new FamilyResult(family, roundMeans.Count, timed.Count, referenced, deviceBound, confidence,
            Math.Exp(mean), Math.Exp(lower), Math.Exp(upper), verdict, inAll, worst, countedRegressions, DetectableEffect.AsFraction(detectable));
    }
}
