using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Weights;

namespace FlashBench.Core.Inference.Engine;

/// <summary>Full-depth FFN files the sparse configurations load from, instead of the run's small files of the sampled
/// layers: Predictor and Windowing from <see cref="Separate"/>, All from <see cref="Bundled"/>. A run computes 2 sampled
/// layers (0.5 GB per layout for OPT 6.7B); every run's sparse loads landed in those same 0.5 GB, so after a few runs a
/// cache below the guest held all of it and All read at several times its paired control (README: All 0.56–0.72 GB/s
/// against controls of 0.10–0.33). The real model's loads are spread over every layer. So each sequence maps the run's
/// slots onto consecutive layers of the full-depth file, from a layer its relabeling key chooses
/// (<see cref="Sparsity.TraceRelabeling"/> already moves the rows within a layer), and a run's loads spread over the whole
/// file. Windowing starts half the file away from Predictor: the two share a file and a key, and Windowing would otherwise
/// re-read the rows Predictor had read a moment before. The window and the §3.3 matrices start empty every sequence, so a
/// mapping that changes between sequences changes neither the reads' number and sizes nor the bookkeeping; the rows'
/// content is that of the mapped layers (every layer of a file has the same size, and the kernels' work does not depend
/// on the values).</summary>
/// <param name="Start">Added to every sequence's first layer: a second read method of the same run starts elsewhere on
/// the files, so two methods never read a layer at the same time.</param>
public sealed record SparseRing(WeightFile Separate, WeightFile Bundled, int Start = 0)
{
    public int Layers => Separate.Format.Layers;

    public IEnumerable<string> Files => [Separate.Path, Bundled.Path];

    /// <summary>The file configuration <paramref name="config"/> loads from; null for the dense configurations, which
    /// read whole layers (<see cref="DenseRing"/>).</summary>
    public WeightFile? FileFor(InferenceConfig config) =>
        !config.UsesPredictor() ? null : config.Bundled() ? Bundled : Separate;

    /// <summary>The file layer each of <paramref name="slots"/> run slots loads from in the sequence with relabeling key
    /// <paramref name="sequenceKey"/>: consecutive layers from <c>(key / 2 + start) mod layers</c>, wrapping (keys are odd:
    /// the low bit says nothing). Key 0, the identity, with start 0 maps slot s to layer s.</summary>
    public static int[] FileLayers(int ringLayers, int slots, ulong sequenceKey, int start)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ringLayers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slots, ringLayers);
        int first = (int)(((sequenceKey >> 1) % (ulong)ringLayers + (ulong)(start % ringLayers + ringLayers)) % (ulong)ringLayers);
        return Enumerable.Range(0, slots).Select(slot => (first + slot) % ringLayers).ToArray();
    }

    /// <summary>The file layers of <paramref name="config"/>'s slots in the sequence with key <paramref name="sequenceKey"/>.</summary>
    public int[] FileLayers(InferenceConfig config, int slots, ulong sequenceKey) =>
        FileLayers(Layers, slots, sequenceKey, Start + (config == InferenceConfig.Windowing ? Layers / 2 : 0));

    /// <summary>Checks that the ring fits the run: fp16 separate and bundled files of the run's d_model and d_ff, with as
    /// many layers as each other and at least as many as the run has slots.</summary>
    public void Validate(Models.ModelShape shape, int slots)
    {
        foreach (var (file, layout) in new[] { (Separate, WeightLayout.Separate), (Bundled, WeightLayout.Bundled) })
        {
            if (file.Format.Layout != layout || file.Format.Precision != Models.Precision.Fp16 || file.Format.DModel != shape.DModel || file.Format.NeuronsPerLayer != shape.DFf)
                throw new ArgumentException($"the sparse ring's {layout.ToString().ToLowerInvariant()} FFN file must be fp16, of that layout, d_model {shape.DModel} and d_ff {shape.DFf}");
        }
        if (Bundled.Format.Layers != Layers)
            throw new ArgumentException($"the sparse ring's files have {Layers} and {Bundled.Format.Layers} layers");
        if (Layers < slots)
            throw new ArgumentException($"a sparse ring of {Layers} layers is shorter than the {slots} layers a token reads");
    }
}
