using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Weights;

/// <summary>The synthetic weights of a model shape: which value each attention weight and each neuron
/// vector has, for a seed. Both the weight-file writer and the DRAM-resident copies use these.</summary>
public sealed class SyntheticModel(ModelShape shape, ulong seed)
{
    public const ulong DefaultSeed = 0x2312_1151_4F1A_5400UL;

    public ModelShape Shape { get; } = shape;
    public ulong Seed { get; } = seed;

    private float Scale => SyntheticWeights.ScaleFor(Shape.DModel);

    /// <summary>Fills the layer's attention block [Q|K|V|O] from weight <paramref name="firstIndex"/> on.</summary>
    public void FillAttention(int layer, long firstIndex, Span<Half> destination) =>
        SyntheticWeights.Fill(destination, SyntheticWeights.Stream(Seed, layer, 0), firstIndex, Scale);

    public Half[] Attention(int layer)
    {
        var weights = new Half[AttentionLayout.Of(Shape).TotalWeights];
        FillAttention(layer, 0, weights);
        return weights;
    }

    /// <summary>Matrix <paramref name="matrix"/>'s vector of <paramref name="neuron"/> (row order of <see cref="NeuronRowLayout"/>).</summary>
    public void FillVector(int layer, int matrix, int neuron, Span<Half> destination) =>
        SyntheticWeights.Fill(destination[..Shape.DModel], SyntheticWeights.Stream(Seed, layer, 1 + matrix), (long)neuron * Shape.DModel, Scale);

    /// <summary>Neuron <paramref name="neuron"/>'s whole DRAM row: every matrix's vector, side by side.</summary>
    public void FillRow(int layer, int neuron, Span<Half> row)
    {
        var rows = NeuronRowLayout.Of(Shape);
        for (int m = 0; m < rows.Matrices; m++)
            FillVector(layer, m, neuron, row.Slice(rows.MatrixOffset(m), Shape.DModel));
    }

    /// <summary>The input of token <paramref name="token"/> (stands in for its embedding row).</summary>
    public void FillEmbedding(int token, Span<float> destination) =>
        SyntheticWeights.Fill(destination[..Shape.DModel], SyntheticWeights.Stream(Seed, -1, token), 0, 1f);
}
