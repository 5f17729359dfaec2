namespace FlashBench.Core.Models;

/// <summary>The shape of a decoder-only transformer as far as FlashBench needs it, plus the paper's
/// per-model setup (window size k, DRAM budget, predictor ranks). Shapes from the public model cards;
/// setup from "LLM in a flash" §3.1 and §4 (see ModelShapes for the sources of each number).</summary>
public sealed record ModelShape
{
    /// <summary>Key used on the command line and in CSVs: opt-6.7b, falcon-7b, persimmon-8b, phi-2, llama-2-7b, tiny.</summary>
    public required string Name { get; init; }
    /// <summary>Name as the paper prints it (OPT-6.7B …), used to match the paper's tables.</summary>
    public required string PaperName { get; init; }
    public required int Layers { get; init; }
    public required int DModel { get; init; }
    public required int DFf { get; init; }
    public required int Heads { get; init; }
    /// <summary>Key/value heads: equal to <see cref="Heads"/> for multi-head attention, 1 for Falcon's multi-query attention.</summary>
    public required int KvHeads { get; init; }
    public required int Vocab { get; init; }
    /// <summary>Llama 2's SwiGLU FFN has three matrices (gate, up, down) instead of two.</summary>
    public bool GatedFfn { get; init; }
    /// <summary>Window k of §3.1 used for this model in Table 3.</summary>
    public required int PaperWindow { get; init; }
    /// <summary>Share of the model kept in DRAM in the paper's runs (half; Phi-2 65 %).</summary>
    public required double PaperDramFraction { get; init; }
    /// <summary>Low-rank predictor rank per layer (§3.1).</summary>
    public required Func<int, int> PredictorRank { get; init; }
    /// <summary>When this shape is a scaled copy (fewer layers) of another, that shape's name.</summary>
    public string? ScaledFrom { get; init; }

    public int HeadDim => DModel / Heads;

    /// <summary>FFN matrices per layer: 2 (up, down) or 3 (gate, up, down).</summary>
    public int FfnMatrices => GatedFfn ? 3 : 2;

    /// <summary>Weights that one FFN neuron owns in one layer: a column of each input matrix and a row of down.</summary>
    public long WeightsPerNeuron => (long)FfnMatrices * DModel;

    public long FfnWeightsPerLayer => WeightsPerNeuron * DFf;

    /// <summary>Q and O are d_model × d_model; K and V are d_model × (kv_heads · head_dim).</summary>
    public long AttentionWeightsPerLayer => 2L * DModel * DModel + 2L * DModel * KvHeads * HeadDim;

    /// <summary>Input embedding (the LM head is counted as tied, as in OPT).</summary>
    public long EmbeddingWeights => (long)Vocab * DModel;

    public long TotalWeights => Layers * (FfnWeightsPerLayer + AttentionWeightsPerLayer) + EmbeddingWeights;

    /// <summary>A copy with the first <paramref name="layers"/> layers only, for quick runs; per-layer figures are unchanged.</summary>
    public ModelShape WithLayers(int layers)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(layers);
        if (layers == Layers)
            return this;
        var original = this;
        return this with
        {
            Name = $"{Name}-{layers}l",
            Layers = layers,
            ScaledFrom = ScaledFrom ?? Name,
            // keep the per-layer rank pattern of the full model for the layers that remain
            PredictorRank = layer => original.PredictorRank(layer),
        };
    }

    public override string ToString() => Name;
}
