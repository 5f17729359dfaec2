using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Throughput;

/// <summary>What one measured iteration of random reads produced: completed reads only, over the longest reader's
/// runtime (<see cref="GroupTally"/>).</summary>
public sealed record IterationMeasurement
{
    /// <summary>A run whose file was more than 1 % resident before the iteration is not a flash measurement.</summary>
    public const double ColdResidencyLimit = 0.01;

    public required ThroughputPoint Point { get; init; }
    /// <summary>The pass over the grid this iteration belongs to (the replicate of a point).</summary>
    public int Pass { get; init; }
    public required int Iteration { get; init; }
    /// <summary>Completed reads.</summary>
    public required long Reads { get; init; }
    /// <summary>Bytes of completed reads.</summary>
    public required long BytesRead { get; init; }
    /// <summary>The longest reader's runtime: its start to its last completion.</summary>
    public required double Seconds { get; init; }
    public required LatencySummary Latency { get; init; }
    public required double ResidentBefore { get; init; }
    public double ResidentAfter { get; init; }
    public required long VerifyFailures { get; init; }
    /// <summary>Of <see cref="BytesRead"/>, the bytes an earlier read of the same run had already read.</summary>
    public long RereadBytes { get; init; }
    /// <summary>Bytes the block device under the file read during the iteration; null when no counter can be read.</summary>
    public long? DeviceBytes { get; init; }
    /// <summary>The fewest reads any reader completed (the window lasted until every reader had the minimum).</summary>
    public long MinReadsPerReader { get; init; }
    /// <summary>A reference measured right beside this iteration (fio at the same point), set by the caller; null when none ran.</summary>
    public double? ReferenceMBps { get; init; }
    /// <summary>User + system CPU time of the whole process over the window (getrusage RUSAGE_SELF, so the kernel's
    /// io_uring workers and every reader thread are in it).</summary>
    public double CpuSeconds { get; init; }

    /// <summary>Megabytes of completed reads per CPU-second: what the read path costs the machine.</summary>
    public double MegabytesPerCpuSecond => CpuSeconds > 0 ? BytesRead / Units.DecimalMegabyte / CpuSeconds : 0;

    public ReadMethod Method => Point.Method;

    public double ThroughputMegabytesPerSecond => Seconds > 0 ? BytesRead / Seconds / Units.DecimalMegabyte : 0;

    public CacheState Cache => ResidentBefore <= ColdResidencyLimit ? CacheState.Cold : CacheState.Warm;

    /// <summary>Empty for a flash figure; otherwise why it is left out (<see cref="IterationExclusion"/>).</summary>
    public string Excluded => IterationExclusion.Reason(Method, ResidentAfter, BytesRead, DeviceBytes);
}

public enum CacheState
{
    Cold,
    Warm,
}

/// <summary>Per-read latency distribution in microseconds.</summary>
public sealed record LatencySummary(double MeanMicros, double P50Micros, double P90Micros, double P99Micros, double MaxMicros);
