using FlashBench.Bench.Experiments.Sparse;

namespace FlashBench.Bench.Experiments.Bundling;

/// <summary>§3.2 row-column bundling: separate vs bundled reads at the same trace.</summary>
public class BundlingBenchmark : SparseTokenBenchmark;
