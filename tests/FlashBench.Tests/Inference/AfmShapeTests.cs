using FlashBench.Core.Models;

namespace FlashBench.Tests.Inference;

/// <summary>afm-3b holds the figures of Apple's report (arXiv 2407.21075, Table 1) it was derived from.</summary>
public sealed class AfmShapeTests
{
    [Fact]
    public void Afm_3b_has_the_reported_shape_and_parameter_counts()
    {
        var shape = ModelShapes.Afm3B;
        Assert.True(ModelShapes.TryGet("afm-3b", out var found) && found == shape);
        Assert.Equal(128, shape.HeadDim);
        Assert.Equal(3, shape.Heads / shape.KvHeads); // grouped-query attention: 24 query heads share 8 KV heads
        Assert.True(shape.GatedFfn);
        long nonEmbedding = shape.TotalWeights - shape.EmbeddingWeights;
        Assert.Equal(2.58e9, nonEmbedding, 0.005e9);
        Assert.Equal(0.15e9, shape.EmbeddingWeights, 0.005e9);
        Assert.Equal(0, shape.DFf % 32);
    }
}
