using FlashBench.Bench.Experiments.Sparse;

namespace FlashBench.Bench.Experiments.Memory;

/// <summary>§3.3 memory management: preallocated slots vs a matrix rebuilt every token.</summary>
public class MemoryBenchmark : SparseTokenBenchmark;
