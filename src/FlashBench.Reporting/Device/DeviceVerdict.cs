using System.Globalization;
using FlashBench.Core.Results;

namespace FlashBench.Reporting.Device;

/// <summary>The one line a run opens with (REPORT.md and the console's end): was the device steady while the run
/// measured, and if not, when it slowed, how much, what was re-measured and which sections still hold marked rows.</summary>
public static class DeviceVerdict
{
    public const string NotWatched = "device not watched (run predates the device watch)";

    /// <summary>The verdict of a run's record; <see cref="NotWatched"/> when the run has none.</summary>
    public static string Of(DeviceRecord? record) =>
        record is null ? NotWatched : Of(record.Probes, record.Cases, record.Settle);

    public static string Of(IReadOnlyList<DeviceProbeRow> probes, IReadOnlyList<DeviceCaseRow> cases, DeviceSettle? settle = null)
    {
        if (probes.Count == 0)
            return $"device watched but never probed ({DeviceProbeRow.FileName} has no rows)";
        var outcomes = DeviceCaseOutcomes.Of(cases);
        // a probe below the band that no case was judged by (the second probe of its confirmation was back) is a dip, not a
        // slowdown: the run stays steady and says so
        bool steady = outcomes.LeftMarked.Count == 0 && outcomes.ReMeasured == 0;
        string body = (steady ? Steady(probes) + Dips(probes) : Slowed(probes, cases, outcomes, settle)) + Rose(probes);
        return NeverSettled(probes, settle) is { } seconds
            ? $"device never settled in {Number(seconds)} s; then {body}"
            : $"device {body}";
    }

    /// <summary>"steady: probes 612–701 MB/s", over the probes taken after settling.</summary>
    private static string Steady(IReadOnlyList<DeviceProbeRow> probes)
    {
        var measured = probes.Where(p => p.Kind != ProbeKinds.Settle && p.State != DeviceStates.Degraded).ToList();
        if (measured.Count == 0)
            measured = [.. probes];
        double low = measured.Min(p => p.MBps);
        double high = measured.Max(p => p.MBps);
        string range = Number(low) == Number(high) ? Number(low) : $"{Number(low)}–{Number(high)}";
        return $"steady: probes {range} MB/s";
    }

    /// <summary>"slowed 27× at 14:23 UTC during bundling; 3 cases re-measured, 2 left marked; sections affected: …".</summary>
    private static string Slowed(IReadOnlyList<DeviceProbeRow> probes, IReadOnlyList<DeviceCaseRow> cases, DeviceCaseOutcomes outcomes, DeviceSettle? settle)
    {
        var lowest = probes.Where(p => p.Kind != ProbeKinds.Settle).DefaultIfEmpty(probes[0]).MinBy(p => p.MBps)!;
        double baseline = lowest.BaselineMBps > 0 ? lowest.BaselineMBps : settle?.BaselineMBps ?? probes.Max(p => p.BaselineMBps);
        string how = baseline > 0 && lowest.MBps > 0
            ? $"slowed {Factor(baseline / lowest.MBps)}×"
            : $"slowed to {Number(lowest.MBps)} MB/s";
        var when = Utc(lowest.TimeUtc);
        string during = string.IsNullOrEmpty(lowest.Experiment) ? "while settling" : $"during {lowest.Experiment}";
        // the first case measured while slowed says where; a probe dip elsewhere that no case was judged by does not
        var first = cases.Where(c => c.State is DeviceStates.Degraded or DeviceStates.Replaced && c.Reason != "").MinBy(c => c.StartSeconds);
        if (first is { Reason: "probe" }
            && probes.Where(p => p.State == DeviceStates.Degraded && p.RunSeconds >= first.StartSeconds - 1 && p.RunSeconds <= first.EndSeconds + 5)
                .MinBy(p => p.MBps) is { } beside)
        {
            lowest = beside;
            how = $"slowed {Factor(beside.BaselineMBps / beside.MBps)}×";
            (when, during) = (Utc(beside.TimeUtc), $"during {beside.Experiment}");
        }
        // no probe below the band: the probes either side of the case differed by more than the band, upwards (the host
        // finished writing back the run's data, a burst began): the device changed, it did not slow
        else if (first is { Reason: "probe" } && first.ProbeBeforeMBps > 0 && first.ProbeAfterMBps > first.ProbeBeforeMBps)
        {
            how = $"sped up {Factor(first.ProbeAfterMBps / first.ProbeBeforeMBps)}× inside a case ({Number(first.ProbeBeforeMBps)} → {Number(first.ProbeAfterMBps)} MB/s)";
            (when, during) = (AtRunSeconds(probes, first.EndSeconds), $"during {first.Experiment}");
        }
        // no probe left the band: the slowdown began and ended inside a case, which its own reads showed
        var inside = first is not null && first.Reason != "probe" ? first : null;
        if (inside is not null)
        {
            (how, when, during) = ($"slowed inside a case ({inside.Reason})", AtRunSeconds(probes, inside.EndSeconds), $"during {inside.Experiment}");
        }
        string affected = outcomes.LeftMarked.Count == 0
            ? "none: every case measured while the device changed was re-measured"
            : string.Join(", ", outcomes.AffectedExperiments);
        return $"{how} at {when:HH:mm} UTC {during}; {Cases(outcomes.ReMeasured)} re-measured, " +
               $"{outcomes.LeftMarked.Count.ToString(CultureInfo.InvariantCulture)} left marked; sections affected: {affected}";
    }

    /// <summary>"; 2 single-probe dips to 540 MB/s, not confirmed" when probes fell below the band but the probe right after
    /// each was back inside it.</summary>
    private static string Dips(IReadOnlyList<DeviceProbeRow> probes)
    {
        var dips = probes.Where(p => p.State == DeviceStates.Degraded).ToList();
        return dips.Count == 0 ? ""
            : $"; {(dips.Count == 1 ? "1 single-probe dip" : $"{dips.Count.ToString(CultureInfo.InvariantCulture)} single-probe dips")} to {Number(dips.Min(p => p.MBps))} MB/s, not confirmed by the probe after it";
    }

    /// <summary>"; baseline rose 264 → 790 MB/s" when the device settled higher than it first did (it had settled at a
    /// depressed level, e.g. while the host wrote back the run's data).</summary>
    private static string Rose(IReadOnlyList<DeviceProbeRow> probes)
    {
        var baselines = probes.Select(p => p.BaselineMBps).Where(b => b > 0).ToList();
        return baselines.Count > 0 && baselines[^1] > baselines[0] ? $"; baseline rose {Number(baselines[0])} → {Number(baselines[^1])} MB/s" : "";
    }

    /// <summary>How long the run waited for a device that never settled, or null when it settled (or nothing says otherwise).</summary>
    private static double? NeverSettled(IReadOnlyList<DeviceProbeRow> probes, DeviceSettle? settle)
    {
        bool unsettled = settle?.Steady == false || (settle?.Steady is null && probes.All(p => p.BaselineMBps <= 0));
        if (!unsettled)
            return null;
        return settle?.WaitedSeconds ?? settle?.MaxSeconds
            ?? probes.Where(p => p.Kind == ProbeKinds.Settle).Select(p => p.RunSeconds).DefaultIfEmpty(0).Max();
    }

    /// <summary>The UTC time <paramref name="runSeconds"/> into the run, from the probes' clock and run-time columns.</summary>
    private static DateTime AtRunSeconds(IReadOnlyList<DeviceProbeRow> probes, double runSeconds) =>
        DateTime.UnixEpoch.AddSeconds(probes.Max(p => (Utc(p.TimeUtc) - DateTime.UnixEpoch).TotalSeconds - p.RunSeconds) + runSeconds);

    private static DateTime Utc(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;

    private static string Cases(int count) => count == 1 ? "1 case" : $"{count.ToString(CultureInfo.InvariantCulture)} cases";

    private static string Factor(double factor) =>
        factor.ToString(factor >= 10 ? "0" : "0.0", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0", CultureInfo.InvariantCulture);
}
