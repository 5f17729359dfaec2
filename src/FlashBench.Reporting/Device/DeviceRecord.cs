using FlashBench.Core.Results;

namespace FlashBench.Reporting.Device;

/// <summary>What the device watch wrote for a run: its probes (device_probe.csv), its judged cases (device_cases.csv,
/// empty when absent) and run.json's settle facts.</summary>
public sealed record DeviceRecord(IReadOnlyList<DeviceProbeRow> Probes, IReadOnlyList<DeviceCaseRow> Cases, DeviceSettle? Settle)
{
    /// <summary>The watch's record of the run, or null for a run that predates the device watch (no device_probe.csv).</summary>
    public static DeviceRecord? Load(RunDirectory run)
    {
        string probes = run.Result(DeviceProbeRow.FileName);
        if (!File.Exists(probes))
            return null;
        string cases = run.Result(DeviceCaseRow.FileName);
        return new DeviceRecord(CsvFiles.Read<DeviceProbeRow>(probes),
            File.Exists(cases) ? CsvFiles.Read<DeviceCaseRow>(cases) : [],
            DeviceSettle.Load(run));
    }

    /// <summary>The settled probe the run was judged against: run.json's, else the probes' or the cases' own; 0 when the
    /// device never settled.</summary>
    public double Baseline =>
        Settle?.BaselineMBps is > 0 and var settled ? settled
        : Probes.Select(p => p.BaselineMBps).LastOrDefault(b => b > 0) is > 0 and var probed ? probed
        : Cases.Select(c => c.BaselineMBps).LastOrDefault(b => b > 0);
}
