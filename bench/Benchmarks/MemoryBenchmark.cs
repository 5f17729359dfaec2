using BenchmarkDotNet.Attributes;

namespace FlashBench.Bench.Benchmarks;

/// <summary>§3.3 memory management: preallocated slots vs a matrix rebuilt every token. Cases come from the memory command's plan.</summary>
[BenchmarkCategory("memory")]
public class MemoryBenchmark : SparseTokenBenchmark
{
    [ParamsSource(nameof(CaseKeys))]
    public string Case { get; set; } = "";

    protected override string CaseKey => Case;
}
