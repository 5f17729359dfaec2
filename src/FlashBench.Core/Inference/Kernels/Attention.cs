using System.Numerics.Tensors;
using FlashBench.Core.Compute;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>Single-token decoder self-attention over fp16 weights: project Q, K, V (one product over the
/// contiguous [Q|K|V] rows), append K and V to the cache, softmax(q·kᵀ/√d_head) over every cached position per
/// head, weighted sum of V, project with O. The projections run on the <see cref="ComputePool"/>; the per-head
/// part (positions × head_dim, tiny next to the weights) on the calling thread.
/// Grouped/multi-query attention: query head h reads KV head h / (heads / kv_heads) (Falcon: all read head 0).</summary>
public static class Attention
{
    /// <summary>Weights read this token (e.g. from flash): the exact path.</summary>
    public static void Forward(AttentionLayout layout, ReadOnlySpan<Half> weights, KvCache cache,
        ReadOnlySpan<float> x, Span<float> output, AttentionScratch scratch, ComputePool? pool = null)
    {
        int d = layout.DModel;
        if (weights.Length < layout.TotalWeights)
            throw new ArgumentException($"attention weights hold {weights.Length} values, the layout needs {layout.TotalWeights}");
        // Q, K and V sit back to back (AttentionLayout): one (d + 2·kv) × d product
        HalfMatVec.Multiply(weights[..(int)layout.OOffset], d + 2 * layout.KvDim, d, x, scratch.Projected, pool);
        Heads(layout, cache, scratch);
        HalfMatVec.Multiply(weights.Slice((int)layout.OOffset, d * d), d, d, scratch.Mixed, output, pool);
    }

    /// <summary>Weights resident in DRAM with their subnormal lists: the fast path.</summary>
    public static void Forward(AttentionWeights weights, KvCache cache,
        ReadOnlySpan<float> x, Span<float> output, AttentionScratch scratch, ComputePool? pool = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        HalfMatVec.Multiply(weights.Qkv, x, scratch.Projected, pool);
        Heads(weights.Layout, cache, scratch);
        HalfMatVec.Multiply(weights.Output, scratch.Mixed, output, pool);
    }

    /// <summary>Appends this token's K and V to the cache, then per head softmax(q·kᵀ/√d_head) · V into <see cref="AttentionScratch.Mixed"/>.</summary>
    private static void Heads(AttentionLayout layout, KvCache cache, AttentionScratch scratch)
    {
        cache.Append(scratch.Key, scratch.Value);
        Mix(layout, cache, cache.Count, scratch.Query, scratch.Mixed, scratch.Scores);
    }

    /// <summary>Per query head, softmax(q·kᵀ/√d_head) · V over the cache's first <paramref name="positions"/> positions
    /// into <paramref name="mixed"/> (a causal prefill passes each token's own position + 1).</summary>
    public static void Mix(AttentionLayout layout, KvCache cache, int positions, ReadOnlySpan<float> query, Span<float> mixed, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(cache);
        int headDim = layout.HeadDim;
        int group = layout.Heads / layout.KvHeads;
        float scale = 1f / MathF.Sqrt(headDim);
        var used = scores[..positions];
        for (int h = 0; h < layout.Heads; h++)
        {
            int kvHead = h / group;
            var q = query.Slice(h * headDim, headDim);
            for (int p = 0; p < positions; p++)
                used[p] = TensorPrimitives.Dot(q, cache.Key(p, kvHead, headDim)) * scale;
            TensorPrimitives.SoftMax(used, used);
            var head = mixed.Slice(h * headDim, headDim);
            head.Clear();
            for (int p = 0; p < positions; p++)
                TensorPrimitives.MultiplyAdd(cache.Value(p, kvHead, headDim), used[p], head, head);
        }
    }
}

/// <summary>Reusable buffers for <see cref="Attention.Forward"/>, sized for one layout and a maximum sequence length.</summary>
public sealed class AttentionScratch(AttentionLayout layout, int maxPositions)
{
    /// <summary>[q | k | v] of the current token.</summary>
    public float[] Projected { get; } = new float[layout.DModel + 2 * layout.KvDim];
    public Span<float> Query => Projected.AsSpan(0, layout.DModel);
    public Span<float> Key => Projected.AsSpan(layout.DModel, layout.KvDim);
    public Span<float> Value => Projected.AsSpan(layout.DModel + layout.KvDim, layout.KvDim);
    public float[] Mixed { get; } = new float[layout.DModel];
    public float[] Scores { get; } = new float[maxPositions];
}
