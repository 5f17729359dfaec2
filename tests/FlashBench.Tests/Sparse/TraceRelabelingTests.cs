using FlashBench.Core.Models;
using FlashBench.Core.Sparsity;

namespace FlashBench.Tests.Sparse;

/// <summary>A relabeled trace asks the loaders for exactly as many rows as the trace, token by token and layer by layer,
/// with the same overlaps between tokens (so a window loads the same increments), at other rows of the file.</summary>
public sealed class TraceRelabelingTests
{
    private static readonly ActivationTrace Trace = SyntheticTraceGenerator.Generate(ModelShapes.Tiny, new SyntheticTraceOptions { Tokens = 12 });

    [Fact]
    public void The_identity_key_gives_the_trace_itself()
    {
        Assert.Same(Trace, TraceRelabeling.Apply(Trace, TraceRelabeling.Identity));
    }

    [Fact]
    public void Every_set_keeps_its_size_and_every_overlap_between_tokens_and_between_truth_and_prediction()
    {
        var relabeled = TraceRelabeling.Apply(Trace, 0x5eed);
        Assert.Equal((Trace.Tokens, Trace.Layers, Trace.NeuronsPerLayer), (relabeled.Tokens, relabeled.Layers, relabeled.NeuronsPerLayer));
        for (int layer = 0; layer < Trace.Layers; layer++)
        {
            for (int token = 0; token < Trace.Tokens; token++)
            {
                Assert.Equal(Trace.Active(token, layer).Count, relabeled.Active(token, layer).Count);
                Assert.Equal(Trace.Predicted(token, layer).Count, relabeled.Predicted(token, layer).Count);
                Assert.Equal(Trace.Active(token, layer).Intersect(Trace.Predicted(token, layer)).Count,
                    relabeled.Active(token, layer).Intersect(relabeled.Predicted(token, layer)).Count);
                for (int earlier = 0; earlier < token; earlier++)
                {
                    Assert.Equal(Trace.Predicted(token, layer).Intersect(Trace.Predicted(earlier, layer)).Count,
                        relabeled.Predicted(token, layer).Intersect(relabeled.Predicted(earlier, layer)).Count);
                }
            }
        }
    }

    [Fact]
    public void A_key_maps_every_layer_through_its_own_permutation_the_same_way_every_time()
    {
        var map = TraceRelabeling.Permutation(Trace.NeuronsPerLayer, 0x5eed, 1);
        Assert.Equal(Enumerable.Range(0, Trace.NeuronsPerLayer), map.Order());
        Assert.Equal(map, TraceRelabeling.Permutation(Trace.NeuronsPerLayer, 0x5eed, 1));
        Assert.NotEqual(map, TraceRelabeling.Permutation(Trace.NeuronsPerLayer, 0x5eed, 0));
        Assert.NotEqual(map, TraceRelabeling.Permutation(Trace.NeuronsPerLayer, 0x5eee, 1));

        var relabeled = TraceRelabeling.Apply(Trace, 0x5eed);
        for (int token = 0; token < Trace.Tokens; token++)
        {
            var expected = NeuronSet.From(Trace.Predicted(token, 1).Ids.ToArray().Select(n => map[n]));
            Assert.Equal(expected, relabeled.Predicted(token, 1));
        }
        Assert.Equal(relabeled.Predicted(3, 0), TraceRelabeling.Apply(Trace, 0x5eed).Predicted(3, 0));
    }

    [Fact]
    public void Two_keys_read_mostly_other_rows()
    {
        // the rows a whole sequence reads under one key, and how many of them another key reads too: about what two
        // random subsets of that size share, far from all of them
        static HashSet<int> Rows(ActivationTrace trace) =>
            [.. Enumerable.Range(0, trace.Tokens).SelectMany(t => trace.Predicted(t, 0).Ids.ToArray())];
        var first = Rows(TraceRelabeling.Apply(Trace, 1));
        var second = Rows(TraceRelabeling.Apply(Trace, 3));
        Assert.Equal(Rows(Trace).Count, first.Count);
        double chance = (double)first.Count / Trace.NeuronsPerLayer;
        double shared = (double)first.Intersect(second).Count() / first.Count;
        Assert.True(shared < 0.5 * (1 + chance), $"{shared:P0} of the rows shared; two random sets of this size share about {chance:P0}");
    }
}
