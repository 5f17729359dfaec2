using FlashBench.Core.Inference.Kernels;

namespace FlashBench.Tests.Inference;

/// <summary>Attention with a growing KV cache matches a straightforward double-precision reference, for
/// multi-head, grouped-query and multi-query (Falcon: one KV head) layouts. Tolerance 1e-4 absolute.</summary>
public sealed class AttentionTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData(4, 4)]
    [InlineData(4, 2)]
    [InlineData(4, 1)]
    public void Matches_reference_over_a_growing_sequence(int heads, int kvHeads)
    {
        var layout = new AttentionLayout(DModel: 32, Heads: heads, KvHeads: kvHeads);
        var random = new Random(heads * 10 + kvHeads);
        var weights = new Half[layout.TotalWeights];
        for (int i = 0; i < weights.Length; i++)
            weights[i] = (Half)(random.NextDouble() * 0.5 - 0.25);
        const int tokens = 5;
        var cache = new KvCache(layout.KvDim, tokens);
        var scratch = new AttentionScratch(layout, tokens);
        var keys = new List<double[]>();
        var values = new List<double[]>();
        for (int t = 0; t < tokens; t++)
        {
            var x = Enumerable.Range(0, layout.DModel).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var output = new float[layout.DModel];
            Attention.Forward(layout, weights, cache, x, output, scratch);
            var expected = Reference(layout, weights, x, keys, values);
            Assert.Equal(t + 1, cache.Count);
            for (int j = 0; j < layout.DModel; j++)
                Assert.InRange(output[j], expected[j] - Tolerance, expected[j] + Tolerance);
        }
    }

    [Fact]
    public void Multi_query_heads_all_read_the_single_kv_head()
    {
        // with identical query projections for every head, MQA gives every head the same mixed value
        var layout = new AttentionLayout(DModel: 16, Heads: 4, KvHeads: 1);
        var weights = new Half[layout.TotalWeights];
        var random = new Random(3);
        for (int i = 0; i < weights.Length; i++)
            weights[i] = (Half)(random.NextDouble() - 0.5);
        int hd = layout.HeadDim;
        for (int h = 1; h < layout.Heads; h++)
            weights.AsSpan(0, hd * layout.DModel).CopyTo(weights.AsSpan(h * hd * layout.DModel, hd * layout.DModel));
        var cache = new KvCache(layout.KvDim, 3);
        var scratch = new AttentionScratch(layout, 3);
        for (int t = 0; t < 3; t++)
            Attention.Forward(layout, weights, cache, Enumerable.Repeat((float)(t + 1) / 3, layout.DModel).ToArray(), new float[layout.DModel], scratch);
        for (int h = 1; h < layout.Heads; h++)
        {
            for (int j = 0; j < hd; j++)
                Assert.Equal(scratch.Mixed[j], scratch.Mixed[h * hd + j], 5);
        }
    }

    private static double[] Reference(AttentionLayout layout, Half[] w, float[] x, List<double[]> keys, List<double[]> values)
    {
        int d = layout.DModel, hd = layout.HeadDim;
        double[] Project(long offset, int rows, IReadOnlyList<double> input)
        {
            var result = new double[rows];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < d; c++)
                    result[r] += (double)w[offset + (long)r * d + c] * input[c];
            return result;
        }
        var xd = x.Select(v => (double)v).ToArray();
        var q = Project(layout.QOffset, d, xd);
        keys.Add(Project(layout.KOffset, layout.KvDim, xd));
        values.Add(Project(layout.VOffset, layout.KvDim, xd));
        var mixed = new double[d];
        int group = layout.Heads / layout.KvHeads;
        for (int h = 0; h < layout.Heads; h++)
        {
            int kv = h / group;
            var scores = keys.Select(k => Enumerable.Range(0, hd).Sum(j => q[h * hd + j] * k[kv * hd + j]) / Math.Sqrt(hd)).ToArray();
            double max = scores.Max();
            var p = scores.Select(s => Math.Exp(s - max)).ToArray();
            double sum = p.Sum();
            for (int t = 0; t < keys.Count; t++)
                for (int j = 0; j < hd; j++)
                    mixed[h * hd + j] += p[t] / sum * values[t][kv * hd + j];
        }
        return Project(layout.OOffset, d, mixed);
    }
}
