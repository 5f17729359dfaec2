using BenchmarkDotNet.Attributes;

namespace FlashBench.Bench.Benchmarks;

/// <summary>Beyond the paper: fp16 vs int8 vs int4 bundles. Cases come from the precision command's plan.</summary>
[BenchmarkCategory("precision")]
public class PrecisionBenchmark : SparseTokenBenchmark
{
    [ParamsSource(nameof(CaseKeys))]
    public string Case { get; set; } = "";

    protected override string CaseKey => Case;
}
