namespace FlashBench.Reporting.Comparison;

/// <summary>Reads every descriptor's file from the runs of both sides and pairs base round i with head round i.
/// An experiment's rounds on a side are the passes of the runs that hold its file (where its rows carry a pass
/// column; else one round per run), in run order, so one run of a default suite gives its throughput grid's passes as
/// rounds, and one round of compare-commits may be several run directories (one per experiment command). Anything
/// that does not pair is bad input, listed in one line: an experiment on one side only or in more runs on one side,
/// a measurement missing from some runs, or different round counts. A single round pairs; it is not judged
/// (<see cref="OneRoundPerSide"/>).</summary>
public static class RoundPairing
{
    public static IReadOnlyList<PairedRounds> Pair(IReadOnlyList<IComparisonDescriptor> descriptors, IReadOnlyList<string> baseRuns, IReadOnlyList<string> headRuns)
    {
        var problems = new List<string>();
        var pairs = new List<PairedRounds>();
        foreach (var descriptor in descriptors)
        {
            var runs = Side("base", baseRuns, descriptor).Concat(Side("head", headRuns, descriptor)).Where(r => r.Measurements is not null).ToList();
            int inBase = runs.Count(r => r.IsBase), inHead = runs.Count - inBase;
            if (inBase == 0 && inHead == 0)
                continue;
            if (inBase != inHead)
            {
                problems.Add($"{descriptor.FileName} is in {inBase} base run(s) but {inHead} head run(s)");
                continue;
            }
            foreach (string key in runs.SelectMany(r => r.Measurements!.Keys).Distinct())
            {
                var absent = runs.Where(r => !r.Measurements!.ContainsKey(key)).Select(r => r.Label).ToList();
                if (absent.Count > 0)
                {
                    problems.Add($"{key} missing in {string.Join(", ", absent)}");
                    continue;
                }
                var baseRounds = runs.Where(r => r.IsBase).SelectMany(r => r.Measurements![key].Rounds).ToList();
                var headRounds = runs.Where(r => !r.IsBase).SelectMany(r => r.Measurements![key].Rounds).ToList();
                if (baseRounds.Count != headRounds.Count)
                    problems.Add($"{key} has {baseRounds.Count} rounds in base, {headRounds.Count} in head");
                else
                    pairs.Add(new PairedRounds(runs[0].Measurements![key].Measurement, baseRounds, headRounds));
            }
        }
        if (problems.Count > 0)
            throw new InvalidDataException("the runs do not cover the same measurements: " + OneLine.List(problems));
        if (pairs.Count == 0)
            throw new InvalidDataException("nothing to compare: the runs hold no result file that compare knows");
        return pairs;
    }

    private static IEnumerable<RunMeasurements> Side(string side, IReadOnlyList<string> runs, IComparisonDescriptor descriptor) =>
        runs.Select((directory, index) => new RunMeasurements(
            $"{side} run {index + 1} ({directory})", side == "base",
            descriptor.ReadRun(directory, index)?.ToDictionary(m => m.Measurement.Key)));

    private sealed record RunMeasurements(string Label, bool IsBase, Dictionary<string, MeasurementRounds>? Measurements);
}
