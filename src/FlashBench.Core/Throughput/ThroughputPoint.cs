using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Throughput;

/// <summary>One grid point of the read-throughput experiment (paper Fig. 2b). <paramref name="QueueDepth"/> is the reads
/// each reader thread keeps in flight: 1 for the blocking methods, the ring's depth for io_uring.</summary>
public sealed record ThroughputPoint(ReadMethod Method, int ChunkBytes, int Threads, int QueueDepth = 1)
{
    /// <summary>Reads in flight at once across the point's readers: Fig. 2b's parallelism axis.</summary>
    public int ReadsInFlight => Threads * QueueDepth;

    public override string ToString() =>
        $"{Method.Name()} {Units.FormatChunk(ChunkBytes)} x{Threads}" + (Method.HasQueueDepth() ? $" qd{QueueDepth}" : "");
}

/// <summary>How an iteration reads. Window policy: every reader reads for at least <paramref name="IterationDuration"/>
/// from its own start and completes at least <see cref="MinReadsPerReader"/> reads, then stops issuing; its runtime
/// ends at its last completion (fio's time_based runtime). A slow point thus lengthens its own window instead of
/// being judged on a read or two. <paramref name="Verify"/> compares every byte read with the file's content.
/// <paramref name="Seed"/> (recorded per run) seeds the offsets through <see cref="Offsets.ReadStreamKey"/>.</summary>
public sealed record ThroughputSettings(TimeSpan IterationDuration, bool Verify = false, ulong Seed = ThroughputSettings.DefaultSeed)
{
    public const ulong DefaultSeed = 2312_11514;

    /// <summary>At 32 threads the mmap paths completed about 1.4 reads per thread in a 200 ms window, so the share of
    /// a single read in flight made most of the figure; 20 completed reads bound that share to a few percent.</summary>
    public const int DefaultMinReadsPerReader = 20;

    public int MinReadsPerReader { get; init; } = DefaultMinReadsPerReader;
}
