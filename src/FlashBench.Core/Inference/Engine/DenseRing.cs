using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Weights;
using FlashBench.Core.Weights;

namespace FlashBench.Core.Inference.Engine;

/// <summary>Full-depth files the dense baselines (Naive, Hybrid) stream from instead of re-reading the run's sampled layers.
/// A run computes a sample of the layers (2 by default) and extrapolates; Naive reads all of a sampled layer every token, so
/// the same 0.8 GB (OPT 6.7B) came back every token, and a cache below the guest served those re-reads at several times
/// the disk's speed in some runs and not in others. The real model reads each layer once per token, 13 GB apart. So the
/// dense engines walk a ring over every layer of the full-depth files: each token reads the next <c>slots</c> layers, with
/// the position kept across sequences, and Hybrid starts half a ring away from Naive, so no dense read comes back before the
/// ring has turned. These configurations hold nothing of a layer across tokens (Hybrid's resident half stays the sampled
/// layer's), so which layer's bytes they stream changes neither the work nor the bytes (all layers of the shape have one
/// FFN and attention size); their outputs then differ from the sparse configurations', which keep the sampled layers.</summary>
public sealed record DenseRing(WeightFile Ffn, AttentionFile Attention)
{
    public int Layers => Ffn.Format.Layers;

    public IEnumerable<string> Files => [Ffn.Path, Attention.Path];

    /// <summary>The ring layer run slot <paramref name="slot"/> of <paramref name="slots"/> reads at the
    /// <paramref name="step"/>-th token the engine has generated (counted across sequences), for <paramref name="config"/>.</summary>
    public static int Layer(int ringLayers, int slots, long step, int slot, InferenceConfig config)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ringLayers);
        long start = config == InferenceConfig.Hybrid ? ringLayers / 2 : 0;
        return (int)((start + step * slots + slot) % ringLayers);
    }

    /// <summary>Checks that the ring fits the run: a separate-layout fp16 file and an attention file over the same layers of
    /// the run's shape, at least as many layers as a token reads.</summary>
    public void Validate(Models.ModelShape shape, int slots)
    {
        if (Ffn.Format.Layout != WeightLayout.Separate || Ffn.Format.Precision != Models.Precision.Fp16 || Ffn.Format.DModel != shape.DModel || Ffn.Format.NeuronsPerLayer != shape.DFf)
            throw new ArgumentException($"the dense ring's FFN file must be fp16, separate layout, d_model {shape.DModel} and d_ff {shape.DFf}");
        if (Attention.Layers.Count != Layers || Attention.Shape.DModel != shape.DModel)
            throw new ArgumentException($"the dense ring's attention file has {Attention.Layers.Count} layers, its FFN file {Layers}");
        if (Layers < slots)
            throw new ArgumentException($"a dense ring of {Layers} layers is shorter than the {slots} layers a token reads");
    }
}
