using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Weights;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Inference.Engine;

/// <summary>Everything one <see cref="TokenEngine"/> needs. <see cref="Layers"/> are the full model's layer
/// indices that are actually run (all, or a documented sample whose per-layer figures are extrapolated).</summary>
public sealed record EngineSetup
{
    public required ModelShape Shape { get; init; }
    public required IReadOnlyList<int> Layers { get; init; }
    public required InferenceConfig Config { get; init; }
    public required int Window { get; init; }
    public required double DramFraction { get; init; }
    public required int Tokens { get; init; }
    public required IActivationTrace Trace { get; init; }
    /// <summary>Separate-layout file with attention (Naive … Windowing).</summary>
    public required string SeparateFile { get; init; }
    /// <summary>Bundled-layout file (All).</summary>
    public required string BundledFile { get; init; }
    public required ReadMethod Method { get; init; }
    public int Threads { get; init; } = 32;
    /// <summary>Chunk of the dense (Naive, Hybrid) reads: 1 MiB, where the throughput curve has flattened (Fig. 2b).</summary>
    public int DenseChunkBytes { get; init; } = 1 << 20;
    public ulong Seed { get; init; } = SyntheticModel.DefaultSeed;

    public WeightFileLayout SeparateLayout => new(Shape, Layers, bundled: false, withAttention: true);

    public WeightFileLayout BundledLayout => new(Shape, Layers, bundled: true, withAttention: false);

    public WeightFileLayout ActiveLayout => Config.Bundled() ? BundledLayout : SeparateLayout;

    public string ActiveFile => Config.Bundled() ? BundledFile : SeparateFile;
}
