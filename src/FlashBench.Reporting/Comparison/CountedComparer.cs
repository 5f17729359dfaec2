namespace FlashBench.Reporting.Comparison;

/// <summary>Counts (allocated bytes per operation) do not vary with timing: worse by more than the tolerance in
/// every round pair is a regression, better in every pair an improvement, anything else the same.</summary>
public static class CountedComparer
{
    public static IReadOnlyList<CountedResult> Compare(IEnumerable<PairedRounds> counted) =>
        counted.Where(p => p.Usable.Count >= 2).Select(Compare).ToList();

    private static CountedResult Compare(PairedRounds pair)
    {
        var changes = pair.Differences();
        double tolerance = pair.Measurement.Tolerance;
        var verdict = changes.All(c => c > tolerance) ? PointVerdict.Slower
            : changes.All(c => c < -tolerance) ? PointVerdict.Faster
            : PointVerdict.Same;
        return new CountedResult(pair.Measurement, changes.Count,
            MathNet.Numerics.Statistics.Statistics.Median(pair.Usable.Select(i => pair.Base[i].Median!.Value)),
            MathNet.Numerics.Statistics.Statistics.Median(pair.Usable.Select(i => pair.Head[i].Median!.Value)),
            changes.Min(), changes.Max(), verdict);
    }
}
