using FlashBench.Reporting.Comparison.Lockstep;

namespace FlashBench.Reporting.Comparison;

/// <summary>Compares two sides, each a list of run directories in round order: checks that the runs are finished
/// and comparable (<see cref="RunFacts"/>), pairs their rounds (<see cref="RoundPairing"/>), sets aside the experiments
/// with one round per side (<see cref="OneRoundPerSide"/>: listed, not judged), then builds the point report and the
/// family gates over the rest. Bad or incomparable input throws <see cref="InvalidDataException"/> (or <see cref="DirectoryNotFoundException"/>, <see cref="FlashBench.Core.Results.CsvFormatException"/>; the CLI exits 2 on each)
/// before anything is computed or written.</summary>
public static class RunComparer
{
    /// <summary>As the rounds-only comparison, plus the micro benchmarks measured in lockstep (<paramref name="lockstep"/>,
    /// lockstep.csv's rows; either side may be empty). Every family of the rounds and every lockstep benchmark is one
    /// gate, and they share the confidence.</summary>
    public static ComparisonReport Compare(IReadOnlyList<string> baseRuns, IReadOnlyList<string> headRuns, ComparisonOptions options,
        IReadOnlyList<IComparisonDescriptor> descriptors, IReadOnlyList<SliceRow> lockstep)
    {
        int lockstepGates = LockstepJudge.Gates(lockstep);
        if (lockstepGates == 0)
            return Compare(baseRuns, headRuns, options, descriptors);
        var report = baseRuns.Count == 0 && headRuns.Count == 0
            ? new ComparisonReport([], [], options, [], [], [], [], [], [])
            : Compare(baseRuns, headRuns, options with { OtherGates = lockstepGates }, descriptors);
        double confidence = FamilyGate.PerGate(options.Confidence, report.Families.Count + lockstepGates);
        return report with { Lockstep = LockstepJudge.Decide(lockstep, options.MinEffect, confidence) };
    }

    public static ComparisonReport Compare(IReadOnlyList<string> baseRuns, IReadOnlyList<string> headRuns, ComparisonOptions options,
        IReadOnlyList<IComparisonDescriptor> descriptors)
    {
        if (baseRuns.Count == 0 || headRuns.Count == 0)
            throw new InvalidDataException("each side needs at least one run directory");
        var facts = baseRuns.Concat(headRuns).Select(RunFacts.Load).ToList();
        var differences = facts.Skip(1).SelectMany(f => RunFacts.Differences(facts[0], f)).ToList();
        if (differences.Count > 0 && !options.AllowDifferent)
            throw new InvalidDataException($"the runs were measured under different conditions: {OneLine.List(differences)} " +
                "(--allow-different compares them anyway)");
        var pairs = RoundPairing.Pair(descriptors, baseRuns, headRuns);
        var notJudged = OneRoundPerSide.Experiments(pairs);
        var judgeable = pairs.Where(p => !OneRoundPerSide.Holds(p)).ToList();
        var points = PointComparer.Compare(judgeable.Where(p => p.Measurement.Kind != MetricKind.Counted).ToList(), options);
        var counted = CountedComparer.Compare(judgeable.Where(p => p.Measurement.Kind == MetricKind.Counted));
        var families = FamilyGate.Decide(judgeable, points, counted, options);
        var notCompared = pairs.Where(p => p.Usable.Count < 2 && notJudged.All(n => n.Experiment != p.Measurement.Experiment))
            .Select(p => new NotCompared(p.Measurement, OneRoundPerSide.Holds(p)
                ? OneRoundPerSide.Reason
                : $"{p.Usable.Count} of {p.Base.Count} rounds have usable samples on both sides (the rest excluded)"))
            .ToList();
        return new ComparisonReport(baseRuns, headRuns, options, differences, families, points, counted, notCompared, notJudged);
    }
}
