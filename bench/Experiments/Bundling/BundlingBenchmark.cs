using BenchmarkDotNet.Attributes;
using FlashBench.Bench.Experiments.Sparse;

namespace FlashBench.Bench.Experiments.Bundling;

/// <summary>§3.2 row-column bundling: separate vs bundled reads at the same trace.</summary>
[BenchmarkCategory("bundling")]
public class BundlingBenchmark : SparseTokenBenchmark;
