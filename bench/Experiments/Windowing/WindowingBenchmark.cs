using BenchmarkDotNet.Attributes;
using FlashBench.Bench.Experiments.Sparse;

namespace FlashBench.Bench.Experiments.Windowing;

/// <summary>§3.1 windowing: bytes and neurons loaded per token vs window k (Fig. 4).</summary>
[BenchmarkCategory("windowing")]
public class WindowingBenchmark : SparseTokenBenchmark;
