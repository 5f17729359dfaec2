using FlashBench.Core.Models;

namespace FlashBench.Core.Weights;

/// <summary>Where every FFN neuron part lives in a FlashBench weight file.
/// <para>File = one 4096-byte header page, then the neuron data of layer 0, 1, …:</para>
/// <para><c>separate</c>: per layer, one region per FFN matrix (up, down; gate, up, down for gated FFNs);
/// region p holds d_ff parts of <see cref="PartStride"/> bytes; part (l, i, p) is at
/// Data + ((l·P + p)·d_ff + i)·PartStride.</para>
/// <para><c>bundled</c>: per layer, d_ff bundles of <see cref="BundleStride"/> bytes; bundle (l, i) is at
/// Data + (l·d_ff + i)·BundleStride and holds its P parts back to back, each <see cref="PartLength"/> bytes.</para>
/// <para>Padding (for O_DIRECT, which needs 512-byte multiples and aligned offsets): a part's
/// d_model·bytes are padded to a multiple of 512 (<see cref="PartLength"/>); separate parts and bundles
/// start on 4096-byte boundaries (<see cref="PartStride"/>, <see cref="BundleStride"/>). For OPT 6.7B in
/// fp32/fp16/int8 a part is already a multiple of 4096 bytes, so there is no padding at all and every
/// part of a bundle is 4096-aligned too; int4 parts (2 KiB) sit 2 KiB apart inside a 4 KiB bundle.
/// Padding bytes hold a non-zero filler, never holes.</para></summary>
public sealed record WeightFileFormat
{
    public const int HeaderBytes = 4096;
    public const int PageAlignment = 4096;
    public const int BlockAlignment = 512;

    public WeightFileFormat(ModelShape shape, Precision precision, WeightLayout layout)
    {
        if (!IsSupported(precision))
            throw new ArgumentException($"weight files support fp32, fp16, int8 and int4, not {precision.Name}", nameof(precision));
        Shape = shape;
        Precision = precision;
        Layout = layout;
        PartBytes = checked((int)precision.BytesFor(shape.DModel));
        PartLength = RoundUp(PartBytes, BlockAlignment);
        PartStride = RoundUp(PartLength, PageAlignment);
        BundleStride = RoundUp(Parts * PartLength, PageAlignment);
    }

    public ModelShape Shape { get; }
    public Precision Precision { get; }
    public WeightLayout Layout { get; }

    public int Layers => Shape.Layers;
    public int DModel => Shape.DModel;
    public int NeuronsPerLayer => Shape.DFf;

    /// <summary>FFN matrices per neuron: 2 (up, down) or 3 (gate, up, down).</summary>
    public int Parts => Shape.FfnMatrices;

    /// <summary>d_model weights of one part in this precision: the useful bytes.</summary>
    public int PartBytes { get; }

    /// <summary><see cref="PartBytes"/> rounded up to 512: the length of one part's read.</summary>
    public int PartLength { get; }

    /// <summary>Distance between consecutive parts in the separate layout (4096-aligned).</summary>
    public int PartStride { get; }

    /// <summary>Distance between consecutive bundles in the bundled layout (4096-aligned).</summary>
    public int BundleStride { get; }

    /// <summary>Useful bytes of one neuron: what compute needs, and the row width of the DRAM matrix (§3.3).</summary>
    public int NeuronBytes => Parts * PartBytes;

    /// <summary>Bytes read for one neuron in this layout (with padding).</summary>
    public int NeuronReadBytes => Layout == WeightLayout.Bundled ? BundleReadLength : Parts * PartLength;

    /// <summary>One bundled read: the P parts back to back.</summary>
    public int BundleReadLength => Parts * PartLength;

    /// <summary>Reads issued per neuron: 1 bundled, P separate.</summary>
    public int ReadsPerNeuron => Layout == WeightLayout.Bundled ? 1 : Parts;

    public long LayerBytes => Layout == WeightLayout.Bundled
        ? (long)NeuronsPerLayer * BundleStride
        : (long)Parts * NeuronsPerLayer * PartStride;

    public long FileBytes => HeaderBytes + Layers * LayerBytes;

    public static bool IsSupported(Precision precision) =>
        precision == Precision.Fp32 || precision == Precision.Fp16 || precision == Precision.Int8 || precision == Precision.Int4;

    /// <summary>File offset of part <paramref name="part"/> of neuron <paramref name="neuron"/> in <paramref name="layer"/>.</summary>
    public long PartOffset(int layer, int neuron, int part)
    {
        CheckNeuron(layer, neuron);
        if ((uint)part >= (uint)Parts)
            throw new ArgumentOutOfRangeException(nameof(part));
        return Layout == WeightLayout.Bundled
            ? BundleOffset(layer, neuron) + (long)part * PartLength
            : HeaderBytes + ((long)(layer * Parts + part) * NeuronsPerLayer + neuron) * PartStride;
    }

    /// <summary>Offset of the bundle of a neuron (bundled layout only).</summary>
    public long BundleOffset(int layer, int neuron)
    {
        CheckNeuron(layer, neuron);
        if (Layout != WeightLayout.Bundled)
            throw new InvalidOperationException("bundle offsets exist only in the bundled layout");
        return HeaderBytes + ((long)layer * NeuronsPerLayer + neuron) * BundleStride;
    }

    public string Describe() =>
        $"{Shape.Name} {Precision.Name} {Layout.Name()}: {Layers} layers × {NeuronsPerLayer} neurons × {Parts} parts of {PartBytes} B ({Units.FormatBytes(FileBytes)})";

    private void CheckNeuron(int layer, int neuron)
    {
        if ((uint)layer >= (uint)Layers)
            throw new ArgumentOutOfRangeException(nameof(layer), $"layer {layer} is outside 0..{Layers - 1}");
        if ((uint)neuron >= (uint)NeuronsPerLayer)
            throw new ArgumentOutOfRangeException(nameof(neuron), $"neuron {neuron} is outside 0..{NeuronsPerLayer - 1}");
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
