using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Results;

/// <summary>One device probe, as a row of device_probe.csv: the same short fixed read (16 KiB direct reads, 32 in flight,
/// about 250 ms, fresh offsets of the probe file) taken while settling, at every case boundary and while waiting for a
/// slowed device to come back. <see cref="DeviceReadBytes"/> and <see cref="DeviceWrittenBytes"/> are the block device's
/// own counters since the run's first probe (empty where the device cannot be resolved).</summary>
public sealed class DeviceProbeRow
{
    public const string FileName = "device_probe.csv";

    /// <summary>Why the probe ran (the values of <see cref="ProbeKinds"/>).</summary>
    [Name("kind")] public string Kind { get; set; } = "";
    [Name("time_utc"), Format("O")] public DateTime TimeUtc { get; set; }
    /// <summary>Seconds since the run's first probe.</summary>
    [Name("run_s")] public double RunSeconds { get; set; }
    /// <summary>The experiment running when the probe was taken ("" while settling before the first one).</summary>
    [Name("experiment")] public string Experiment { get; set; } = "";
    /// <summary>The case the probe follows ("" for settle and wait probes).</summary>
    [Name("case")] public string Case { get; set; } = "";
    [Name("mb_s")] public double MBps { get; set; }
    [Name("iops")] public double Iops { get; set; }
    [Name("reads")] public long Reads { get; set; }
    [Name("elapsed_ms")] public double ElapsedMs { get; set; }
    /// <summary>The settled probe the run is judged against (0 until the device settled).</summary>
    [Name("baseline_mb_s")] public double BaselineMBps { get; set; }
    /// <summary>mb_s ÷ baseline_mb_s (0 without a baseline).</summary>
    [Name("of_baseline")] public double OfBaseline { get; set; }
    /// <summary>"steady" or "degraded" (below <see cref="DeviceWatch.DegradedFraction"/> of the baseline); "" while settling.</summary>
    [Name("state")] public string State { get; set; } = "";
    [Name("device_read_bytes"), Optional] public long? DeviceReadBytes { get; set; }
    [Name("device_written_bytes"), Optional] public long? DeviceWrittenBytes { get; set; }
    /// <summary>The probe re-read offsets an earlier probe read (the probe file's shuffled pass wrapped).</summary>
    [Name("wrapped"), Optional] public bool Wrapped { get; set; }
}

/// <summary>The values of <see cref="DeviceProbeRow.Kind"/>.</summary>
public static class ProbeKinds
{
    public const string Settle = "settle";
    public const string Boundary = "boundary";
    /// <summary>Inside a running case, between two of its steps (the token pairs of latency's interleaved case).</summary>
    public const string Inside = "inside";
    public const string Wait = "wait";
}
