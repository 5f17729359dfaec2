using FlashBench.Core.Results;

namespace FlashBench.Reporting.Device;

/// <summary>device_cases.csv read as outcomes: the final attempt of every (experiment, case, pass), the ones measured
/// again because an earlier attempt was replaced, and the ones left marked (the final attempt degraded).</summary>
public sealed record DeviceCaseOutcomes(IReadOnlyList<DeviceCaseRow> Final, int ReMeasured, IReadOnlyList<DeviceCaseRow> LeftMarked)
{
    public static DeviceCaseOutcomes Of(IEnumerable<DeviceCaseRow> cases)
    {
        var measurements = cases.GroupBy(c => (c.Experiment, c.Case, c.Pass)).ToList();
        var final = measurements.Select(g => g.MaxBy(c => c.Attempt)!).OrderBy(c => c.StartSeconds).ToList();
        int reMeasured = measurements.Count(g => g.Any(c => c.State == DeviceStates.Replaced));
        return new DeviceCaseOutcomes(final, reMeasured, final.Where(c => c.State == DeviceStates.Degraded).ToList());
    }

    /// <summary>Experiments with rows left marked, in the order they ran.</summary>
    public IReadOnlyList<string> AffectedExperiments => LeftMarked.Select(c => c.Experiment).Distinct().ToList();
}
