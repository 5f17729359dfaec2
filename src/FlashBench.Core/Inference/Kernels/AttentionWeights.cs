namespace FlashBench.Core.Inference.Kernels;

/// <summary>One layer's [Q|K|V|O] block kept in DRAM, as the two matrices <see cref="Attention"/> multiplies by —
/// the (d + 2·kv) × d [Q|K|V] rows and the d × d O rows — each with its subnormal list (<see cref="HalfMatrix"/>),
/// built once at engine setup.</summary>
public sealed class AttentionWeights
{
    private AttentionWeights(AttentionLayout layout, HalfMatrix qkv, HalfMatrix output)
    {
        Layout = layout;
        Qkv = qkv;
        Output = output;
    }

    public AttentionLayout Layout { get; }
    public HalfMatrix Qkv { get; }
    public HalfMatrix Output { get; }

    public static AttentionWeights From(AttentionLayout layout, Half[] block)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (block.Length < layout.TotalWeights)
            throw new ArgumentException($"attention weights hold {block.Length} values, the layout needs {layout.TotalWeights}");
        int d = layout.DModel;
        return new AttentionWeights(layout,
            HalfMatrix.From(block, 0, d + 2 * layout.KvDim, d),
            HalfMatrix.From(block, layout.OOffset, d, d));
    }
}
