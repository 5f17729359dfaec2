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
    public required int Passes { get; init; }
    public required int Iterations { get; init; }
    public required int Warmups { get; init; }
    public required double IterationSeconds { get; init; }
    public required bool Verify { get; init; }
    public required double ColdResidencyLimit { get; init; }

    public sealed record MethodInfo(string Name, string ReadPath);
}
