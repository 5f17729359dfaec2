using BenchmarkDotNet.Attributes;

namespace FlashBench.Bench.Benchmarks;

/// <summary>§3.2 row-column bundling: separate vs bundled reads at the same trace. Cases come from the bundling command's plan.</summary>
[BenchmarkCategory("bundling")]
public class BundlingBenchmark : SparseTokenBenchmark
{
    [ParamsSource(nameof(CaseKeys))]
    public string Case { get; set; } = "";

    protected override string CaseKey => Case;
}
