using FlashBench.Reporting.Comparison.Statistics;

namespace FlashBench.Reporting.Comparison;

/// <summary>One gate per family decides the exit code. Per round, the family mean of its points' log slowdowns;
/// over rounds, a Student t interval of that mean (see <see cref="StudentInterval"/>) whose spread is never below
/// what the points' own round-to-round noise allows (<see cref="RoundMeanSpread"/>). The family regresses when
/// the lower bound of the geometric-mean slowdown is above 1 and the estimate is at least the minimum effect —
/// or when a counted metric of it (allocations) got worse in every round.</summary>
public static class FamilyGate
{
    private const int WorstShown = 3;

    public static IReadOnlyList<FamilyResult> Decide(IReadOnlyList<PairedRounds> pairs, IReadOnlyList<PointResult> points,
        IReadOnlyList<CountedResult> counted, ComparisonOptions options) =>
        pairs.GroupBy(p => p.Measurement.Family)
            .Select(family => Decide(family.Key, family.ToList(), points, counted, options))
            .OfType<FamilyResult>()
            .ToList();

    private static FamilyResult? Decide(string family, List<PairedRounds> pairs, IReadOnlyList<PointResult> points,
        IReadOnlyList<CountedResult> counted, ComparisonOptions options)
    {
        var timed = pairs.Where(p => p.Measurement.Kind != MetricKind.Counted && p.Usable.Count >= 2).ToList();
        var countedRegressions = counted.Where(c => c.Measurement.Family == family && c.Verdict == PointVerdict.Slower).ToList();
        if (timed.Count == 0 && countedRegressions.Count == 0)
            return null;
        bool deviceBound = timed.Any(p => p.Measurement.Kind == MetricKind.DeviceBound);
        int referenced = timed.Count(p => p.Referenced);
        double confidence = deviceBound && referenced < timed.Count ? options.UnreferencedConfidence : options.Confidence;
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
        var verdict = countedRegressions.Count > 0 || (lower > 0 && mean >= effect) ? FamilyVerdict.Regressed
            : upper < 0 && mean <= -effect ? FamilyVerdict.Improved
            : mean >= effect ? FamilyVerdict.Inconclusive
            : FamilyVerdict.NoRegression;
        int? inAll = verdict == FamilyVerdict.Inconclusive
            ? RoundsNeeded.InAll(spread, mean, confidence, minimum: roundMeans.Count + 1)
            : null;
        var worst = points.Where(p => p.Measurement.Family == family && p.Slowdown > 1)
            .OrderByDescending(p => p.Slowdown).Take(WorstShown).ToList();
        return new FamilyResult(family, roundMeans.Count, timed.Count, referenced, deviceBound, confidence,
            Math.Exp(mean), Math.Exp(lower), Math.Exp(upper), verdict, inAll, worst, countedRegressions);
    }
}
