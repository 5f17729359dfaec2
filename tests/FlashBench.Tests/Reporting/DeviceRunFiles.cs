using FlashBench.Core.Results;

namespace FlashBench.Tests.Reporting;

/// <summary>Synthetic device-watch records: probes and judged cases, and writing them into a run folder.</summary>
public static class DeviceRunFiles
{
    public static readonly DateTime Start = new(2026, 12, 4, 14, 0, 0, DateTimeKind.Utc);

    public static DeviceProbeRow Probe(string kind, double runSeconds, double mbps, double baseline, string experiment = "", string caseKey = "") => new()
    {
        Kind = kind, TimeUtc = Start.AddSeconds(runSeconds), RunSeconds = runSeconds, Experiment = experiment, Case = caseKey,
        MBps = mbps, Iops = mbps * 1e6 / 16384, Reads = 1000, ElapsedMs = 250, BaselineMBps = baseline,
        OfBaseline = baseline > 0 ? mbps / baseline : 0,
        State = baseline <= 0 ? "" : mbps < baseline / 2 ? DeviceStates.Degraded : DeviceStates.Steady,
    };

    public static DeviceCaseRow Case(string experiment, string caseKey, int pass, int attempt, double start, double end, string state,
        double before = 650, double after = 650) => new()
    {
        Experiment = experiment, Case = caseKey, Pass = pass, Attempt = attempt, StartSeconds = start, EndSeconds = end,
        ProbeBeforeMBps = before, ProbeAfterMBps = after, BaselineMBps = 650, State = state,
    };

    /// <summary>Settled at 650 MB/s; probes between 612 and 701 MB/s at every case boundary; every case steady.</summary>
    public static (List<DeviceProbeRow> Probes, List<DeviceCaseRow> Cases) Steady()
    {
        var probes = new List<DeviceProbeRow>
        {
            Probe(ProbeKinds.Settle, 0, 320, 0),
            Probe(ProbeKinds.Settle, 5, 650, 650),
            Probe(ProbeKinds.Boundary, 60, 612, 650, "throughput", "direct/4KiB/1"),
            Probe(ProbeKinds.Boundary, 120, 701, 650, "throughput", "direct/4KiB/32"),
            Probe(ProbeKinds.Boundary, 180, 660, 650, "bundling", "fp16/separate/k05/slots"),
            Probe(ProbeKinds.Boundary, 240, 640, 650, "bundling", "fp16/bundled/k05/slots"),
        };
        var cases = new List<DeviceCaseRow>
        {
            Case("throughput", "direct/4KiB/1", 0, 0, 5, 60, DeviceStates.Steady),
            Case("throughput", "direct/4KiB/32", 0, 0, 60, 120, DeviceStates.Steady),
            Case("bundling", "fp16/separate/k05/slots", 0, 0, 120, 180, DeviceStates.Steady),
            Case("bundling", "fp16/bundled/k05/slots", 0, 0, 180, 240, DeviceStates.Steady),
        };
        return (probes, cases);
    }

    /// <summary>Slows 27× (650 → 24 MB/s) at 14:23 UTC during bundling: bundling's pass 1 (both cases) and memory's naive case
    /// are re-measured; windowing's k = 4 case and memory's re-measured naive case are left marked.</summary>
    public static (List<DeviceProbeRow> Probes, List<DeviceCaseRow> Cases) Slowed()
    {
        var probes = new List<DeviceProbeRow>
        {
            Probe(ProbeKinds.Settle, 0, 650, 650),
            Probe(ProbeKinds.Boundary, 600, 640, 650, "windowing", "fp16/bundled/k00/slots"),
            Probe(ProbeKinds.Boundary, 900, 120, 650, "windowing", "fp16/bundled/k04/slots"),
            Probe(ProbeKinds.Boundary, 1200, 655, 650, "bundling", "fp16/separate/k05/slots"),
            Probe(ProbeKinds.Boundary, 1380, 24, 650, "bundling", "fp16/bundled/k05/slots"),
            Probe(ProbeKinds.Wait, 1440, 300, 650, "bundling"),
            Probe(ProbeKinds.Wait, 1500, 630, 650, "bundling"),
            Probe(ProbeKinds.Boundary, 1560, 640, 650, "bundling", "fp16/separate/k05/slots"),
            Probe(ProbeKinds.Boundary, 1620, 650, 650, "bundling", "fp16/bundled/k05/slots"),
            Probe(ProbeKinds.Boundary, 1700, 100, 650, "memory", "fp16/bundled/k05/naive"),
            Probe(ProbeKinds.Boundary, 1900, 200, 650, "memory", "fp16/bundled/k05/naive"),
            Probe(ProbeKinds.Boundary, 2000, 640, 650, "memory", "fp16/bundled/k05/slots"),
        };
        var cases = new List<DeviceCaseRow>
        {
            Case("windowing", "fp16/bundled/k00/slots", 0, 0, 300, 600, DeviceStates.Steady),
            Case("windowing", "fp16/bundled/k04/slots", 0, 0, 600, 900, DeviceStates.Degraded, 640, 120),
            Case("bundling", "fp16/separate/k05/slots", 1, 0, 900, 1200, DeviceStates.Replaced, 120, 655),
            Case("bundling", "fp16/bundled/k05/slots", 1, 0, 1200, 1380, DeviceStates.Replaced, 655, 24),
            Case("bundling", "fp16/separate/k05/slots", 1, 1, 1500, 1560, DeviceStates.Steady, 630, 640),
            Case("bundling", "fp16/bundled/k05/slots", 1, 1, 1560, 1620, DeviceStates.Steady, 640, 650),
            Case("memory", "fp16/bundled/k05/naive", 0, 0, 1620, 1700, DeviceStates.Replaced, 650, 100),
            Case("memory", "fp16/bundled/k05/naive", 0, 1, 1800, 1900, DeviceStates.Degraded, 180, 200),
            Case("memory", "fp16/bundled/k05/slots", 0, 0, 1900, 2000, DeviceStates.Steady, 640, 640),
        };
        return (probes, cases);
    }

    public static void Write(RunDirectory run, IEnumerable<DeviceProbeRow> probes, IEnumerable<DeviceCaseRow> cases)
    {
        CsvFiles.Write(run.Result(DeviceProbeRow.FileName), probes);
        CsvFiles.Write(run.Result(DeviceCaseRow.FileName), cases);
    }
}
