using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Weights;

/// <summary>Byte offsets in an inference weight file (fp16). Per stored layer: the attention block
/// [Q|K|V|O] (when the file holds attention), then the FFN either bundled — neuron i's gate/up column and
/// down row side by side, one read per neuron (§3.2) — or separate — one section per matrix, neuron-major,
/// one read per matrix per neuron. Every vector, bundle and section starts on a 512-byte boundary so that
/// O_DIRECT can read exactly it; the padding (none for d_model a multiple of 256) is read and counted.</summary>
public sealed record WeightFileLayout
{
    public const int HeaderBytes = 4096;
    public const int BlockBytes = 512;
    public const int SectionAlignment = 4096;
    public const int BytesPerWeight = 2;

    public WeightFileLayout(ModelShape shape, IReadOnlyList<int> layers, bool bundled, bool withAttention)
    {
        if (layers.Count == 0 || layers.Any(l => l < 0 || l >= shape.Layers) || layers.Distinct().Count() != layers.Count)
            throw new ArgumentException($"stored layers must be distinct indices in 0…{shape.Layers - 1}", nameof(layers));
        Shape = shape;
        Layers = layers;
        Bundled = bundled;
        WithAttention = withAttention;
        Rows = NeuronRowLayout.Of(shape);
        Attention = AttentionLayout.Of(shape);
        VectorStride = RoundUp((long)shape.DModel * BytesPerWeight, BlockBytes);
        BundleStride = RoundUp((long)Rows.RowWeights * BytesPerWeight, BlockBytes);
        AttentionBlockBytes = withAttention ? RoundUp(Attention.TotalWeights * BytesPerWeight, SectionAlignment) : 0;
        MatrixSectionBytes = RoundUp(shape.DFf * VectorStride, SectionAlignment);
        FfnBlockBytes = bundled ? RoundUp(shape.DFf * BundleStride, SectionAlignment) : Rows.Matrices * MatrixSectionBytes;
        LayerBytes = AttentionBlockBytes + FfnBlockBytes;
    }

    public ModelShape Shape { get; }
    /// <summary>Indices (in the full model) of the layers this file stores, in file order.</summary>
    public IReadOnlyList<int> Layers { get; }
    public bool Bundled { get; }
    public bool WithAttention { get; }
    public NeuronRowLayout Rows { get; }
    public AttentionLayout Attention { get; }
    public long VectorStride { get; }
    public long BundleStride { get; }
    public long AttentionBlockBytes { get; }
    public long MatrixSectionBytes { get; }
    public long FfnBlockBytes { get; }
    public long LayerBytes { get; }

    public long FileBytes => HeaderBytes + Layers.Count * LayerBytes;

    /// <summary>Bytes one neuron costs to load: one bundle, or one padded vector per matrix.</summary>
    public long NeuronBytes => Bundled ? BundleStride : Rows.Matrices * VectorStride;

    /// <summary>Reads one neuron costs: 1 bundled, 2 (3 gated) separate.</summary>
    public int ReadsPerNeuron => Bundled ? 1 : Rows.Matrices;

    /// <summary>The attention block read for a layer: weights rounded up to whole 512-byte blocks.</summary>
    public long AttentionReadBytes => RoundUp(Attention.TotalWeights * BytesPerWeight, BlockBytes);

    public string Name => Bundled ? "bundled" : "separate";

    public int SlotOf(int layer)
    {
        for (int i = 0; i < Layers.Count; i++)
        {
            if (Layers[i] == layer)
                return i;
        }
        throw new ArgumentOutOfRangeException(nameof(layer), $"layer {layer} is not stored in this file");
    }

    public long LayerOffset(int layer) => HeaderBytes + SlotOf(layer) * LayerBytes;

    public long AttentionOffset(int layer) => WithAttention
        ? LayerOffset(layer)
        : throw new InvalidOperationException("this weight file holds no attention weights");

    public long FfnOffset(int layer) => LayerOffset(layer) + AttentionBlockBytes;

    /// <summary>Start of neuron <paramref name="neuron"/>'s bundle (bundled files).</summary>
    public long BundleOffset(int layer, int neuron) => Bundled
        ? FfnOffset(layer) + neuron * BundleStride
        : throw new InvalidOperationException("separate-layout file has no bundles");

    /// <summary>Start of matrix <paramref name="matrix"/>'s vector for <paramref name="neuron"/> (separate files).</summary>
    public long VectorOffset(int layer, int matrix, int neuron) => !Bundled
        ? FfnOffset(layer) + matrix * MatrixSectionBytes + neuron * VectorStride
        : throw new InvalidOperationException("bundled file has no per-matrix sections");

    public static long RoundUp(long value, long multiple) => (value + multiple - 1) / multiple * multiple;
}
