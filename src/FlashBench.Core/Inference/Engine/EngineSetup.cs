using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Weights;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Sparsity;
using FlashBench.Core.Weights;

namespace FlashBench.Core.Inference.Engine;

/// <summary>Everything one <see cref="TokenEngine"/> needs. <see cref="Layers"/> are the full model's layer
/// indices that are run (all, or a documented sample whose per-layer figures are extrapolated); slot s of
/// the weight files, the attention file and the trace is layer <c>Layers[s]</c>.</summary>
public sealed record EngineSetup
{
    public required ModelShape Shape { get; init; }
    public required IReadOnlyList<int> Layers { get; init; }
    public required InferenceConfig Config { get; init; }
    public required int Window { get; init; }
    public required double DramFraction { get; init; }
    public required int Tokens { get; init; }
    /// <summary>Sparse branch trace over the run's layers (slot-indexed); the engine loads its predicted sets.</summary>
    public required ActivationTrace Trace { get; init; }
    public required AttentionFile AttentionFile { get; init; }
    /// <summary>Sparse branch FFN weight file, separate layout (Naive … Windowing), slot-indexed layers.</summary>
    public required WeightFile SeparateFile { get; init; }
    /// <summary>Sparse branch FFN weight file, bundled layout (All).</summary>
    public required WeightFile BundledFile { get; init; }
    public required ReadMethod Method { get; init; }
    /// <summary>Full-depth files the dense baselines (Naive, Hybrid) stream from, a ring of fresh layers per token
    /// (<see cref="DenseRing"/>); null: they re-read the sampled layers from <see cref="SeparateFile"/> and <see cref="AttentionFile"/>.</summary>
    public DenseRing? DenseRing { get; init; }
    /// <summary>Full-depth FFN files the sparse configurations (Predictor … All) load from, a window of their layers per
    /// sequence (<see cref="Engine.SparseRing"/>); null: they load the sampled layers from <see cref="SeparateFile"/> or
    /// <see cref="BundledFile"/>.</summary>
    public SparseRing? SparseRing { get; init; }
    public int Threads { get; init; } = 32;
    /// <summary>Chunk of the dense (Naive, Hybrid) reads: 1 MiB, where the throughput curve has flattened (Fig. 2b).</summary>
    public int DenseChunkBytes { get; init; } = 1 << 20;
    public ulong Seed { get; init; } = SyntheticModel.DefaultSeed;
    /// <summary>Threads the compute kernels split their rows over (the caller included): every core by default.</summary>
    public int ComputeThreads { get; init; } = Environment.ProcessorCount;
    /// <summary>Model layers each run layer stands for; null = by layer kind (<see cref="LayerKinds.Weights"/>).</summary>
    public IReadOnlyList<double>? LayerWeights { get; init; }
    /// <summary>Compute the LM head (vocab × d_model over the shared embedding) once per token.</summary>
    public bool ComputeLmHead { get; init; } = true;

    public WeightFile ActiveFile => Config.Bundled() ? BundledFile : SeparateFile;

    /// <summary>The ring the engine streams from: only the dense configurations use one.</summary>
    public DenseRing? ActiveRing => Config is InferenceConfig.Naive or InferenceConfig.Hybrid ? DenseRing : null;

    /// <summary>The sparse ring this configuration loads from: only the sparse configurations use one.</summary>
    public SparseRing? ActiveSparseRing => SparseRing?.FileFor(Config) is null ? null : SparseRing;

    /// <summary>The FFN file the configuration loads from: its layout's file of the sparse ring, or <see cref="ActiveFile"/>.</summary>
    public WeightFile FfnFile => SparseRing?.FileFor(Config) ?? ActiveFile;

    public IEnumerable<string> Files => [AttentionFile.Path, SeparateFile.Path, BundledFile.Path, .. ActiveRing?.Files ?? [], .. ActiveSparseRing?.Files ?? []];

    public IReadOnlyList<double> EffectiveLayerWeights => LayerWeights ?? LayerKinds.Weights(Shape, Layers);
}
