using FlashBench.Bench.Experiments.Sparse;

namespace FlashBench.Bench.Experiments.Precisions;

/// <summary>Beyond the paper: fp16 vs int8 vs int4 bundles.</summary>
public class PrecisionBenchmark : SparseTokenBenchmark;
