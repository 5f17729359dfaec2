using System.Numerics.Tensors;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>Single-token decoder self-attention over fp16 weights: project Q, K, V, append K and V to the
/// cache, softmax(q·kᵀ/√d_head) over every cached position per head, weighted sum of V, project with O.
/// Grouped/multi-query attention: query head h reads KV head h / (heads / kv_heads) (Falcon: all read head 0).</summary>
public static class Attention
{
    public static void Forward(AttentionLayout layout, ReadOnlySpan<Half> weights, KvCache cache,
        ReadOnlySpan<float> x, Span<float> output, AttentionScratch scratch)
    {
        int d = layout.DModel;
        int kv = layout.KvDim;
        int headDim = layout.HeadDim;
        if (weights.Length < layout.TotalWeights)
            throw new ArgumentException($"attention weights hold {weights.Length} values, the layout needs {layout.TotalWeights}");
        HalfMatVec.Multiply(weights.Slice((int)layout.QOffset, d * d), d, d, x, scratch.Query, scratch.Row);
        HalfMatVec.Multiply(weights.Slice((int)layout.KOffset, kv * d), kv, d, x, scratch.Key, scratch.Row);
        HalfMatVec.Multiply(weights.Slice((int)layout.VOffset, kv * d), kv, d, x, scratch.Value, scratch.Row);
        cache.Append(scratch.Key, scratch.Value);

        int positions = cache.Count;
        int group = layout.Heads / layout.KvHeads;
        float scale = 1f / MathF.Sqrt(headDim);
        var scores = scratch.Scores[..positions];
        for (int h = 0; h < layout.Heads; h++)
        {
            int kvHead = h / group;
            var q = scratch.Query.AsSpan(h * headDim, headDim);
            for (int p = 0; p < positions; p++)
                scores[p] = TensorPrimitives.Dot(q, cache.Key(p, kvHead, headDim)) * scale;
            TensorPrimitives.SoftMax(scores, scores);
            var mixed = scratch.Mixed.AsSpan(h * headDim, headDim);
            mixed.Clear();
            for (int p = 0; p < positions; p++)
                TensorPrimitives.MultiplyAdd(cache.Value(p, kvHead, headDim), scores[p], mixed, mixed);
        }
        HalfMatVec.Multiply(weights.Slice((int)layout.OOffset, d * d), d, d, scratch.Mixed, output, scratch.Row);
    }
}

/// <summary>Reusable buffers for <see cref="Attention.Forward"/>, sized for one layout and a maximum sequence length.</summary>
public sealed class AttentionScratch(AttentionLayout layout, int maxPositions)
{
    public float[] Query { get; } = new float[layout.DModel];
    public float[] Key { get; } = new float[layout.KvDim];
    public float[] Value { get; } = new float[layout.KvDim];
    public float[] Mixed { get; } = new float[layout.DModel];
    public float[] Scores { get; } = new float[maxPositions];
    public float[] Row { get; } = new float[layout.DModel];
}
