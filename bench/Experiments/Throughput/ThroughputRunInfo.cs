using FlashBench.Core.Machine;

namespace FlashBench.Bench.Experiments.Throughput;

/// <summary>The throughput experiment's section of run.json: written by the experiment, read back by the fio
/// cross-check (which needs the same test file), so both go through this one record.</summary>
public sealed record ThroughputRunInfo
{
    public required string TestFile { get; init; }
    public required long FileBytes { get; init; }
    public required bool FileReused { get; init; }
    public required StorageInfo Storage { get; init; }
    public required IReadOnlyList<MethodInfo> Methods { get; init; }
    public required IReadOnlyList<string> SkippedMethods { get; init; }
    public required IReadOnlyList<int> ChunkBytes { get; init; }
    public required IReadOnlyList<int> Threads { get; init; }
    /// <summary>io_uring's depths and reader threads; null when io_uring did not run.</summary>
    public IReadOnlyList<int>? QueueDepths { get; init; }
    public IReadOnlyList<int>? QueueThreads { get; init; }
    public required int Passes { get; init; }
    public required int Iterations { get; init; }
    public required double IterationSeconds { get; init; }
    public required int MinReadsPerReader { get; init; }
    public required bool Verify { get; init; }
    public required bool FioReference { get; init; }
    public required double ColdResidencyLimit { get; init; }
    /// <summary>How long the device was left to settle after the file was written (null: the file was reused).</summary>
    public string? Settle { get; init; }
    /// <summary>The run's seed: the same seed reproduces the offsets and the order of the points.</summary>
    public required ulong Seed { get; init; }
    /// <summary>Filled at the end of the run: bytes read, the share of them that an earlier read of the run had already
    /// read (0 for a run that reads less than the file), and how many times the read map started over.</summary>
    public long? BytesRead { get; init; }
    public double? RereadFraction { get; init; }
    public int? ReadMapCycles { get; init; }

    public sealed record MethodInfo(string Name, string ReadPath);
}
