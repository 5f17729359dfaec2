using BenchmarkDotNet.Attributes;

namespace FlashBench.Bench.Benchmarks;

/// <summary>§3.1 windowing: bytes and neurons loaded per token vs window k (Fig. 4). Cases come from the windowing command's plan.</summary>
[BenchmarkCategory("windowing")]
public class WindowingBenchmark : SparseTokenBenchmark
{
    [ParamsSource(nameof(CaseKeys))]
    public string Case { get; set; } = "";

    protected override string CaseKey => Case;
}
