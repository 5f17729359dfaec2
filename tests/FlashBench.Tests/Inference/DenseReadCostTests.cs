using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Weights;
using FlashBench.Core.Models;
using FlashBench.Core.Weights;

namespace FlashBench.Tests.Inference;

/// <summary>The projection counts dense reads with the planner's cost functions; they must equal what the planner
/// actually issues (bytes and number of reads) for padded and unpadded formats and partial chunks.</summary>
public sealed class DenseReadCostTests
{
    [Theory]
    [InlineData("opt-6.7b", 16384)]
    [InlineData("opt-6.7b", 1000)]
    [InlineData("falcon-7b", 18176)]
    [InlineData("llama-2-7b", 777)]
    [InlineData("tiny", 100)]
    public void Cost_functions_equal_the_planned_requests(string model, int count)
    {
        Assert.True(ModelShapes.TryGet(model, out var shape));
        var planner = new DenseReadPlanner(1 << 20);
        var format = new WeightFileFormat(shape.WithLayers(1), Precision.Fp16, WeightLayout.Separate);
        var requests = new List<ReadRequest>();
        planner.Neurons(format, 0, shape.DFf - count, count, 0, requests);
        Assert.Equal(planner.NeuronsCost(format, count), (requests.Sum(r => (long)r.Length), (long)requests.Count));

        var attention = new AttentionFile("unused", shape, [0]);
        requests.Clear();
        planner.Attention(attention, 0, 0, requests);
        Assert.Equal(planner.AttentionCost(attention.BlockBytes), (requests.Sum(r => (long)r.Length), (long)requests.Count));
    }
}
