using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Results;

/// <summary>One measured case (one pass of it) and the device's state around it, as a row of device_cases.csv: the probes
/// at its two boundaries judge it. A case measured while the device was outside its steady band is
/// <see cref="DeviceStates.Degraded"/>; the run waits for the device and measures it again (its pass, for paired
/// experiments), and a replaced attempt is <see cref="DeviceStates.Replaced"/>. Reports and ratios leave out every row
/// whose case measurement is not <see cref="DeviceStates.Steady"/>.</summary>
public sealed class DeviceCaseRow
{
    public const string FileName = "device_cases.csv";

    [Name("experiment")] public string Experiment { get; set; } = "";
    [Name("case")] public string Case { get; set; } = "";
    [Name("pass")] public int Pass { get; set; }
    /// <summary>0 for the first measurement of this case and pass, 1 for the re-measurement.</summary>
    [Name("attempt")] public int Attempt { get; set; }
    [Name("start_s")] public double StartSeconds { get; set; }
    [Name("end_s")] public double EndSeconds { get; set; }
    [Name("probe_before_mb_s")] public double ProbeBeforeMBps { get; set; }
    [Name("probe_after_mb_s")] public double ProbeAfterMBps { get; set; }
    [Name("baseline_mb_s")] public double BaselineMBps { get; set; }
    /// <summary><see cref="DeviceStates"/>: steady, degraded or replaced.</summary>
    [Name("state")] public string State { get; set; } = "";
    /// <summary>Why a degraded case was judged so: "probe" (a probe beside it outside the band, or a change between the
    /// two) or "slow token" (a token of it read at a fraction of its case's median rate).</summary>
    [Name("reason"), Optional] public string Reason { get; set; } = "";
}

/// <summary>The device's state around a measured case, as rows of every experiment's CSV carry it (device_state).</summary>
public static class DeviceStates
{
    /// <summary>Both probes around the measurement inside the steady band.</summary>
    public const string Steady = "steady";
    /// <summary>A probe around the measurement outside the band and no re-measurement replaced it: kept, marked, and left
    /// out of ratios and headline tables.</summary>
    public const string Degraded = "degraded";
    /// <summary>A degraded attempt that a later steady re-measurement replaced (device_cases.csv only).</summary>
    public const string Replaced = "replaced";
    /// <summary>No device watch (a file system without O_DIRECT, or --no-device-watch).</summary>
    public const string Unwatched = "unwatched";

    public static bool Counts(string? state) => state is null or "" or Steady or Unwatched;
}
