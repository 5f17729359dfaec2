using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Throughput;

/// <summary>What one measured iteration of random reads produced.</summary>
public sealed record IterationMeasurement
{
    /// <summary>A run whose file was more than 1 % resident before the iteration is not a flash measurement.</summary>
    public const double ColdResidencyLimit = 0.01;

    public required ThroughputPoint Point { get; init; }
    public required int Iteration { get; init; }
    public required long Reads { get; init; }
    public required long BytesRead { get; init; }
    public required double Seconds { get; init; }
    public required LatencySummary Latency { get; init; }
    public required double ResidentBefore { get; init; }
    public double ResidentAfter { get; init; }
    public required ulong Checksum { get; init; }
    public required long VerifyFailures { get; init; }

    public ReadMethod Method => Point.Method;

    public double ThroughputMegabytesPerSecond => BytesRead / Seconds / Units.DecimalMegabyte;

    public CacheState Cache => ResidentBefore <= ColdResidencyLimit ? CacheState.Cold : CacheState.Warm;
}

public enum CacheState
{
    Cold,
    Warm,
}

/// <summary>Per-read latency distribution in microseconds.</summary>
public sealed record LatencySummary(double MeanMicros, double P50Micros, double P90Micros, double P99Micros, double MaxMicros);
