using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Models;

namespace FlashBench.Tests.Inference;

/// <summary>Layer kinds follow the paper's predictor ranks (§3.1): every kind gets a run layer, weights sum to the
/// model's layers, and a token's predictor cost from the weighted run layers equals the true rank mix.</summary>
public sealed class LayerKindsTests
{
    [Fact]
    public void Opt_two_layer_sample_has_one_layer_per_rank_weighted_28_and_4()
    {
        var shape = ModelShapes.Opt6_7B;
        var layers = LayerKinds.Sample(shape, 2);
        Assert.Equal([14, 30], layers); // centres of layers 0–27 and 28–31
        Assert.Equal([28.0, 4.0], LayerKinds.Weights(shape, layers));
        Assert.Empty(LayerKinds.MissingRanks(shape, layers));
    }

    [Fact]
    public void Llama_sample_includes_a_rank_1024_middle_layer()
    {
        var shape = ModelShapes.Llama2_7B;
        var layers = LayerKinds.Sample(shape, 2);
        Assert.Contains(layers, l => shape.PredictorRank(l) == 1024);
        Assert.Contains(layers, l => shape.PredictorRank(l) == 256);
        Assert.Equal(shape.Layers, LayerKinds.Weights(shape, layers).Sum(), 9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public void Weighted_predictor_weights_equal_the_models_for_every_paper_model(int count)
    {
        foreach (var shape in ModelShapes.PaperModels)
        {
            var layers = LayerKinds.Sample(shape, count);
            Assert.True(layers.Count >= Math.Min(count, shape.Layers));
            Assert.Equal(layers.Order().Distinct(), layers);
            var weights = LayerKinds.Weights(shape, layers);
            double weighted = layers.Select((l, s) => weights[s] * shape.PredictorRank(l) * (double)(shape.DModel + shape.DFf)).Sum();
            Assert.Equal(DramPlan.PredictorWeights(shape), weighted, 6);
            Assert.Equal(shape.Layers, weights.Sum(), 9);
        }
    }

    [Fact]
    public void All_layers_when_asked_for_as_many_and_weight_one_each()
    {
        var shape = ModelShapes.Phi2;
        var layers = LayerKinds.Sample(shape, 40);
        Assert.Equal(Enumerable.Range(0, shape.Layers), layers);
        Assert.All(LayerKinds.Weights(shape, layers), w => Assert.Equal(1, w));
        Assert.StartsWith("all 32 layers run", LayerKinds.Describe(shape, layers));
    }

    [Fact]
    public void A_sample_missing_a_rank_spreads_its_layers_and_says_so()
    {
        var shape = ModelShapes.Llama2_7B;
        IReadOnlyList<int> firstAndLast = [0, 31]; // both rank 256: the old sampling
        Assert.Equal([1024], LayerKinds.MissingRanks(shape, firstAndLast));
        Assert.Equal([16.0, 16.0], LayerKinds.Weights(shape, firstAndLast));
        Assert.Contains("WARNING no run layer has predictor rank 1024", LayerKinds.Describe(shape, firstAndLast));
        Assert.Contains("0 (rank 256, ×16)", LayerKinds.Describe(shape, firstAndLast));
    }
}
