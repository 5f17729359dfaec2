namespace FlashBench.Core.Machine;

/// <summary>What the memory-bandwidth probe measured (decimal GB/s, median over repetitions): the ceiling a
/// compute kernel that streams weights from DRAM can reach on one core and on all cores — the better of a single
/// sequential stream per thread and <see cref="MemoryBandwidthProbe.Streams"/> interleaved streams per thread (a core
/// keeps more cache misses in flight with several streams, as the kernels' four rows per pass do). Written to run.json.</summary>
public sealed record MemoryBandwidth
{
    public required double OneCoreGbps { get; init; }
    public required double AllCoresGbps { get; init; }
    /// <summary>Threads of the all-core measurement (one per logical core).</summary>
    public required int Threads { get; init; }
    public required long BufferBytes { get; init; }
    /// <summary>Last-level cache of CPU 0 (sysfs); null when unknown.</summary>
    public required long? LastLevelCacheBytes { get; init; }
    public required int Repetitions { get; init; }
    /// <summary>One sequential stream per thread: the "plain streaming read".</summary>
    public required double SingleStreamOneCoreGbps { get; init; }
    public required double SingleStreamAllCoresGbps { get; init; }
    /// <summary>Samples of the variant that gave <see cref="OneCoreGbps"/> and <see cref="AllCoresGbps"/>.</summary>
    public required IReadOnlyList<double> OneCoreSamplesGbps { get; init; }
    public required IReadOnlyList<double> AllCoresSamplesGbps { get; init; }
    public required string Method { get; init; }

    /// <summary>The probe's figure for a kernel run on <paramref name="threads"/> threads: one core for 1, all cores otherwise.</summary>
    public double CeilingGbps(int threads) => threads <= 1 ? OneCoreGbps : AllCoresGbps;

    /// <summary>A kernel's achieved GB/s as a fraction of what the probe read at the same thread count (1 = at the floor).</summary>
    public double Fraction(double achievedGbps, int threads) => achievedGbps / CeilingGbps(threads);

    /// <summary>GB/s of a kernel that streamed <paramref name="bytes"/> in <paramref name="milliseconds"/>.</summary>
    public static double Gbps(double bytes, double milliseconds) => milliseconds > 0 ? bytes / (milliseconds / 1000) / 1e9 : 0;
}
