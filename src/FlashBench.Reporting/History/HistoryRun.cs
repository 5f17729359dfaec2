using FlashBench.Reporting.Comparison;

namespace FlashBench.Reporting.History;

/// <summary>What the history keeps of one finished run: its facts (commit, testbed) and the per-round medians of
/// every measurement the comparison descriptors know, read the same way compare reads them.</summary>
public sealed record HistoryRun(RunFacts Facts, IReadOnlyList<MeasurementRounds> Measurements)
{
    public static HistoryRun Read(string runDirectory, IReadOnlyList<IComparisonDescriptor> descriptors)
    {
        var facts = RunFacts.Load(runDirectory);
        var measurements = descriptors
            .SelectMany(d => d.ReadRun(runDirectory, run: 0) ?? [])
            .ToList();
        if (measurements.Count == 0)
            throw new InvalidDataException($"{runDirectory} holds no result file that the history records");
        return new HistoryRun(facts, measurements);
    }
}
