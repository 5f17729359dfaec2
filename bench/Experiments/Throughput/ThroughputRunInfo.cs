using FlashBench.Core.Machine;

namespace FlashBench.Bench.Experiments.Throughput;

/// <summary>The throughput experiment's section of run.json: written by the experiment, read back by the fio
/// cross-check (which needs the same test file), so both go through this one record.</summary>
public sealed record ThroughputRunInfo(
    string TestFile,
    long FileBytes,
    bool FileReused,
    StorageInfo Storage,
    IReadOnlyList<ThroughputRunInfo.MethodInfo> Methods,
    IReadOnlyList<string> SkippedMethods,
    IReadOnlyList<int> ChunkBytes,
    IReadOnlyList<int> Threads,
    int Passes,
    int Iterations,
    int Warmups,
    double IterationSeconds,
    bool Verify,
    double ColdResidencyLimit)
{
    public sealed record MethodInfo(string Name, string ReadPath);
}
