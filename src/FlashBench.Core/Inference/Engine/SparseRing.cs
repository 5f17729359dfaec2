using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Weights;

namespace FlashBench.Core.Inference.Engine;

/// <summary>A full-depth FFN file the sparse configurations of its layout load from, instead of the run's small file of
/// the sampled layers. A run computes 2 sampled layers (0.5 GB for OPT 6.7B); every run's sparse loads landed in those
/// same 0.5 GB, so after a few runs a cache below the guest held all of it and All read at several times its paired
/// control (README: All 0.56–0.72 GB/s against controls of 0.10–0.33). The real model's loads are spread over every
/// layer. So each sequence maps the run's slots onto consecutive layers of the full-depth file, from a layer its
/// relabeling key chooses (<see cref="Sparsity.TraceRelabeling"/> already moves the rows within a layer), and a run's loads spread
/// over the whole file. The window and the §3.3 matrices start empty every sequence, so a mapping that changes between
/// sequences changes neither the reads' number and sizes nor the bookkeeping; the rows' content is that of the mapped
/// layers (every layer of the file has the same size, and the kernels' work does not depend on the values).</summary>
/// <param name="Start">Added to every sequence's first layer: a second read method of the same run starts elsewhere on
/// the file, so the two never read a layer at the same time.</param>
public sealed record SparseRing(WeightFile Ffn, int Start = 0)
{
    public int Layers => Ffn.Format.Layers;

    /// <summary>The file layer each of <paramref name="slots"/> run slots loads from in the sequence with relabeling key
    /// <paramref name="sequenceKey"/>: consecutive layers from <c>(key / 2 + start) mod layers</c>, wrapping (keys are odd: the low bit says
    /// nothing). Key 0, the identity, with start 0 maps slot s to layer s.</summary>
    public static int[] FileLayers(int ringLayers, int slots, ulong sequenceKey, int start)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ringLayers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slots, ringLayers);
        int first = (int)(((sequenceKey >> 1) % (ulong)ringLayers + (ulong)(start % ringLayers + ringLayers)) % (ulong)ringLayers);
        return Enumerable.Range(0, slots).Select(slot => (first + slot) % ringLayers).ToArray();
    }

    public int[] FileLayers(int slots, ulong sequenceKey) => FileLayers(Layers, slots, sequenceKey, Start);

    /// <summary>Whether configuration <paramref name="config"/> loads from this ring: the sparse configurations whose layout
    /// is the file's.</summary>
    public bool Serves(InferenceConfig config) =>
        config is not (InferenceConfig.Naive or InferenceConfig.Hybrid)
        && (config.Bundled() ? WeightLayout.Bundled : WeightLayout.Separate) == Ffn.Format.Layout;

    /// <summary>Checks that the ring fits the run: an fp16 file of the run's d_model and d_ff with at least as many layers
    /// as the run has slots.</summary>
    public void Validate(Models.ModelShape shape, int slots)
    {
        if (Ffn.Format.Precision != Models.Precision.Fp16 || Ffn.Format.DModel != shape.DModel || Ffn.Format.NeuronsPerLayer != shape.DFf)
            throw new ArgumentException($"the sparse ring's FFN file must be fp16, d_model {shape.DModel} and d_ff {shape.DFf}");
        if (Layers < slots)
            throw new ArgumentException($"a sparse ring of {Layers} layers is shorter than the {slots} layers a token reads");
    }
}
