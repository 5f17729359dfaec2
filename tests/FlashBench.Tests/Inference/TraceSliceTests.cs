using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Models;
using FlashBench.Core.Sparsity;

namespace FlashBench.Tests.Inference;

/// <summary>A run of sampled layers sees exactly those layers' sets of an imported full-model trace, slot by slot.</summary>
public sealed class TraceSliceTests
{
    [Fact]
    public void Slot_s_holds_layer_s_of_the_sample()
    {
        var full = SyntheticTraceGenerator.Generate(ModelShapes.Tiny, new SyntheticTraceOptions { Tokens = 6 });
        int[] layers = [1, 3];
        var slice = TraceSlice.Select(full, layers, tokens: 5);
        Assert.Equal(5, slice.Tokens);
        Assert.Equal(2, slice.Layers);
        for (int t = 0; t < 5; t++)
        {
            for (int s = 0; s < layers.Length; s++)
            {
                Assert.Equal(full.Predicted(t, layers[s]), slice.Predicted(t, s));
                Assert.Equal(full.Active(t, layers[s]), slice.Active(t, s));
            }
        }
        Assert.Throws<ArgumentException>(() => TraceSlice.Select(full, layers, tokens: 7));
        Assert.Throws<ArgumentException>(() => TraceSlice.Select(full, [4], tokens: 2));
    }
}
