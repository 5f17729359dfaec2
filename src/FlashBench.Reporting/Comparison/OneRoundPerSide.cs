namespace FlashBench.Reporting.Comparison;

/// <summary>Measurements with a single round per side: one pair of rounds gives a change but no spread to judge it
/// against (the gate's interval needs at least two), so they are reported as not judged instead of judged on their
/// samples, which are consecutive in time and would understate the round-to-round drift. They never fail the comparison.</summary>
public static class OneRoundPerSide
{
    public const string Reason = "one round per side (run with --passes N)";

    public static bool Holds(PairedRounds pair) => pair.Base.Count < 2;

    /// <summary>The experiments whose every measurement has one round per side, with the families they would count towards.</summary>
    public static IReadOnlyList<NotJudged> Experiments(IReadOnlyList<PairedRounds> pairs) =>
        pairs.GroupBy(p => p.Measurement.Experiment)
            .Where(experiment => experiment.All(Holds))
            .Select(experiment => new NotJudged(experiment.Key, experiment.Select(p => p.Measurement.Family).Distinct().ToList(), Reason))
            .ToList();
}
