using FlashBench.Bench.Experiments.Sparse;

namespace FlashBench.Bench.Experiments.Windowing;

/// <summary>§3.1 windowing: bytes and neurons loaded per token vs window k (Fig. 4).</summary>
public class WindowingBenchmark : SparseTokenBenchmark;
