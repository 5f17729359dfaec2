namespace FlashBench.Reporting.Comparison;

public enum PointVerdict
{
    Slower,
    Faster,
    /// <summary>Bounds inside ± the minimum effect, or a difference shown but smaller than it.</summary>
    Same,
    /// <summary>Neither shown: more rounds would tell (see <see cref="PointResult.RoundsInAll"/>).</summary>
    Unknown,
}

public enum FamilyVerdict
{
    /// <summary>Lower bound of the geometric-mean slowdown above 1 and the estimate at least the minimum effect;
    /// or a counted metric (allocations) worse in every round.</summary>
    Regressed,
    /// <summary>The estimate reaches the minimum effect but the bounds include no change: not shown either way.</summary>
    Inconclusive,
    NoRegression,
    /// <summary>No regression shown, but the smallest slowdown it could have detected is above the minimum effect: not
    /// passed (more rounds or slices would resolve it).</summary>
    UnderPowered,
    /// <summary>Upper bound below 1 and the estimate at least the minimum effect faster.</summary>
    Improved,
}

/// <summary>One point of the report. <see cref="Slowdown"/> (above 1 = head worse, whichever way the metric
/// points) is the Hodges–Lehmann estimate over per-round log slowdowns, with distribution-free bounds at
/// <see cref="Confidence"/> (NaN when the rounds are too few for any); <see cref="PValue"/> is the signed-rank test of no change and <see cref="QValue"/>
/// its Benjamini–Hochberg adjustment over all points. Medians are over rounds of the per-round medians.</summary>
public sealed record PointResult(
    Measurement Measurement, int Rounds, double BaseMedian, double HeadMedian, bool Referenced, double Confidence,
    double Slowdown, double Lower, double Upper, double PValue, double QValue, PointVerdict Verdict, int? RoundsInAll);

/// <summary>A counted metric (allocations per operation): worse by more than the tolerance in every round pair
/// is a regression. Changes are head − base per round, turned so that above 0 is worse.</summary>
public sealed record CountedResult(
    Measurement Measurement, int Rounds, double BaseMedian, double HeadMedian, double SmallestChange, double LargestChange, PointVerdict Verdict);

/// <summary>One gate. <see cref="Slowdown"/> is the geometric-mean slowdown over the family's points and rounds,
/// bounded by a Student t interval over the per-round family means at <see cref="Confidence"/>. <see cref="DetectableEffect"/>
/// (a fraction) is the smallest slowdown it would flag four times in five at that spread and round count.</summary>
public sealed record FamilyResult(
    string Family, int Rounds, int Points, int ReferencedPoints, bool DeviceBound, double Confidence,
    double Slowdown, double Lower, double Upper, FamilyVerdict Verdict, int? RoundsInAll,
    IReadOnlyList<PointResult> WorstPoints, IReadOnlyList<CountedResult> CountedRegressions, double DetectableEffect)
{
    /// <summary>The largest slowdown this family leaves open: its detectable effect, or its upper bound when wider.</summary>
    public double NoLargerThan => Math.Max(DetectableEffect, Upper - 1);

    public bool Referenced => ReferencedPoints == Points;
}

/// <summary>A measurement present on both sides that could not be compared (every sample excluded in too many rounds,
/// or one round per side in an experiment that has more elsewhere).</summary>
public sealed record NotCompared(Measurement Measurement, string Reason);

/// <summary>An experiment present on both sides that no gate judged (<see cref="OneRoundPerSide"/>), with the families
/// its measurements belong to.</summary>
public sealed record NotJudged(string Experiment, IReadOnlyList<string> Families, string Reason);

/// <summary>Everything a comparison found; printing and exit codes are the caller's business.</summary>
public sealed record ComparisonReport(
    IReadOnlyList<string> BaseRuns, IReadOnlyList<string> HeadRuns, ComparisonOptions Options,
    IReadOnlyList<RunDifference> AllowedDifferences, IReadOnlyList<FamilyResult> Families,
    IReadOnlyList<PointResult> Points, IReadOnlyList<CountedResult> Counted, IReadOnlyList<NotCompared> NotCompared,
    IReadOnlyList<NotJudged> NotJudged)
{
    /// <summary>The micro families measured in lockstep (base and head in alternating slices), when the comparison was given them.</summary>
    public IReadOnlyList<Lockstep.LockstepFamily> Lockstep { get; init; } = [];

    /// <summary>Whether any gate decided: false when every experiment had one round per side or no usable rounds, and no lockstep.</summary>
    public bool Judged => Families.Count > 0 || Lockstep.Count > 0;

    public bool Regressed => Families.Any(f => f.Verdict == FamilyVerdict.Regressed) || Lockstep.Any(f => f.Verdict == FamilyVerdict.Regressed);

    /// <summary>Families that neither regressed nor could resolve the minimum effect: not passed.</summary>
    public IEnumerable<string> UnderPoweredFamilies => Families.Where(f => f.Verdict is FamilyVerdict.UnderPowered or FamilyVerdict.Inconclusive).Select(f => f.Family)
        .Concat(Lockstep.Where(f => f.Verdict == FamilyVerdict.UnderPowered).Select(f => f.Family));

    public IEnumerable<FamilyResult> RegressedFamilies => Families.Where(f => f.Verdict == FamilyVerdict.Regressed);
}
