using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Throughput;

/// <summary>One grid point of the read-throughput experiment (paper Fig. 2b).</summary>
public sealed record ThroughputPoint(ReadMethod Method, int ChunkBytes, int Threads)
{
    public override string ToString() => $"{Method.Name()} {Units.FormatChunk(ChunkBytes)} x{Threads}";
}

/// <summary>How long each measured iteration reads, whether bytes are verified, and the seed of the
/// offsets (the same offsets every run, so two runs read the same places).</summary>
public sealed record ThroughputSettings(TimeSpan IterationDuration, bool Verify = false, int Seed = 2312_11514);
