using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>Where Q, K, V and O sit in one layer's contiguous fp16 attention block, each row-major
/// [out][in]: Q and O are d_model × d_model, K and V are (kv_heads · head_dim) × d_model.</summary>
public readonly record struct AttentionLayout(int DModel, int Heads, int KvHeads)
{
    public static AttentionLayout Of(ModelShape shape) => new(shape.DModel, shape.Heads, shape.KvHeads);

    public int HeadDim => DModel / Heads;
    public int KvDim => KvHeads * HeadDim;
    public long QOffset => 0;
    public long KOffset => (long)DModel * DModel;
    public long VOffset => KOffset + (long)KvDim * DModel;
    public long OOffset => VOffset + (long)KvDim * DModel;
    public long TotalWeights => OOffset + (long)DModel * DModel;
}
