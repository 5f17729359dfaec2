using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Weights;

/// <summary>The synthetic attention weights and token inputs of a model shape for a seed (FFN neurons come
/// from the sparse branch's weight files and <c>NeuronContent</c>). The attention file and the DRAM-resident
/// copies are both filled from these streams.</summary>
public sealed class SyntheticModel(ModelShape shape, ulong seed)
{
    public const ulong DefaultSeed = 0x2312_1151_4A77_0000UL;

    public ModelShape Shape { get; } = shape;
    public ulong Seed { get; } = seed;

    /// <summary>Fills layer <paramref name="layer"/>'s attention block [Q|K|V|O] from weight <paramref name="firstIndex"/> on.</summary>
    public void FillAttention(int layer, long firstIndex, Span<Half> destination) =>
        SyntheticWeights.Fill(destination, SyntheticWeights.Stream(Seed, layer, 0), firstIndex, SyntheticWeights.ScaleFor(Shape.DModel));

    public Half[] Attention(int layer)
    {
        var weights = new Half[AttentionLayout.Of(Shape).TotalWeights];
        FillAttention(layer, 0, weights);
        return weights;
    }

    /// <summary>The input of token <paramref name="token"/> (stands in for its embedding row).</summary>
    public void FillEmbedding(int token, Span<float> destination) =>
        SyntheticWeights.Fill(destination[..Shape.DModel], SyntheticWeights.Stream(Seed, -1, token), 0, 1f);
}
