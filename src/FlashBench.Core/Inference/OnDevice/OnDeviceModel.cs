using System.Numerics.Tensors;
using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.OnDevice;

/// <summary>Decode and prefill of a palettized SwiGLU grouped-query model (AFM-on-device, "Apple Intelligence Foundation
/// Language Models", 2024, Table 1): per layer RMSNorm, [Q|K|V], query/key RMSNorm per head, RoPE, the GQA KV cache
/// (<see cref="Attention.Mix"/>), O, residual; RMSNorm, gate-up, SiLU(gate)·up, down, residual; a final RMSNorm and the
/// shared embedding as LM head. Norms carry no learned gain (synthetic weights). Decode multiplies one token with
/// <see cref="PalettizedMatVec"/>; prefill multiplies the whole prompt with <see cref="PalettizedMatMat"/> and runs the
/// causal attention of its tokens on the pool. Both write the same KV cache, so a prompt can be prefilled and then
/// decoded from.</summary>
public sealed class OnDeviceModel
{
    private readonly OnDeviceWeights _weights;
    private readonly IFfnSource _ffn;
    private readonly ComputePool _pool;
    private readonly AttentionLayout _layout;
    private readonly Rope _rope;
    private readonly KvCache[] _caches;
    private readonly float[] _x, _normed, _projected, _mixed, _attended, _gateUp, _act, _down, _scores;

    public OnDeviceModel(OnDeviceWeights weights, IFfnSource ffn, int maxPositions, ComputePool pool)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _weights = weights;
        _ffn = ffn;
        _pool = pool;
        var shape = weights.Shape;
        _layout = AttentionLayout.Of(shape);
        _rope = new Rope(shape.HeadDim, maxPositions);
        _caches = Enumerable.Range(0, shape.Layers).Select(_ => new KvCache(_layout.KvDim, maxPositions)).ToArray();
        int d = shape.DModel;
        _x = new float[d];
        _normed = new float[d];
        _projected = new float[d + 2 * _layout.KvDim];
        _mixed = new float[d];
        _attended = new float[d];
        _gateUp = new float[2 * shape.DFf];
        _act = new float[shape.DFf];
        _down = new float[d];
        _scores = new float[maxPositions];
        Logits = new float[shape.Vocab];
    }

    public ModelShape Shape => _weights.Shape;

    /// <summary>Tokens in the KV cache: the position the next token takes.</summary>
    public int Position => _caches[0].Count;

    public int MaxPositions => _caches[0].Capacity;

    /// <summary>The logits of the last token decoded, or of a prefilled prompt's last token.</summary>
    public float[] Logits { get; }

    /// <summary>The residual stream after the last layer of that token (before the final norm).</summary>
    public ReadOnlySpan<float> Hidden => _x;

    public void Reset()
    {
        foreach (var cache in _caches)
            cache.Clear();
    }

    /// <summary>One decode step: <paramref name="token"/> at <see cref="Position"/>; returns the argmax of its logits.</summary>
    public int Step(int token)
    {
        _ffn.BeginToken();
        int position = Position;
        Embed(token, _x);
        int d = Shape.DModel;
        for (int l = 0; l < Shape.Layers; l++)
        {
            var layer = _weights.Layers[l];
            RmsNorm.Apply(_x, _normed);
            PalettizedMatVec.Multiply(layer.Qkv, _normed, _projected, _pool);
            PrepareQueryKey(_projected, position);
            _caches[l].Append(_projected.AsSpan(d, _layout.KvDim), _projected.AsSpan(d + _layout.KvDim, _layout.KvDim));
            Attention.Mix(_layout, _caches[l], _caches[l].Count, _projected.AsSpan(0, d), _mixed, _scores);
            PalettizedMatVec.Multiply(layer.Output, _mixed, _attended, _pool);
            TensorPrimitives.Add(_x, _attended, _x);
            RmsNorm.Apply(_x, _normed);
            var (gateUp, down) = _ffn.Layer(l);
            PalettizedMatVec.Multiply(gateUp, _normed, _gateUp, _pool);
            SwiGlu(_gateUp, _act);
            PalettizedMatVec.Multiply(down, _act, _down, _pool);
            TensorPrimitives.Add(_x, _down, _x);
        }
        RmsNorm.Apply(_x, _normed);
        PalettizedMatVec.Multiply(_weights.Embedding, _normed, Logits, _pool);
        return TensorPrimitives.IndexOfMax(Logits);
    }

    /// <summary>Prefills <paramref name="tokens"/> at positions <see cref="Position"/> … as one batch: every matrix once per
    /// block of <see cref="PalettizedMatMat.TokenBlock"/> tokens; the logits of the last token only (time to first token).
    /// Returns their argmax.</summary>
    public int Prefill(ReadOnlySpan<int> tokens)
    {
        int count = tokens.Length, start = Position;
        if (count == 0 || start + count > MaxPositions)
            throw new ArgumentException($"a prompt of {count} tokens at position {start} does not fit {MaxPositions} positions");
        _ffn.BeginToken();
        var shape = Shape;
        int d = shape.DModel, kv = _layout.KvDim, qkv = d + 2 * kv, ff = shape.DFf;
        var x = new float[(long)count * d];
        var normed = new float[x.Length];
        var projected = new float[(long)count * qkv];
        var mixed = new float[x.Length];
        var attended = new float[x.Length];
        var gateUp = new float[(long)count * 2 * ff];
        var act = new float[(long)count * ff];
        for (int t = 0; t < count; t++)
            Embed(tokens[t], x.AsSpan(t * d, d));
        var mix = new MixJob(_layout, start, projected, mixed);
        for (int l = 0; l < shape.Layers; l++)
        {
            var layer = _weights.Layers[l];
            NormRows(x, normed, d);
            PalettizedMatMat.Multiply(layer.Qkv, normed, count, projected, _pool);
            for (int t = 0; t < count; t++)
            {
                var row = projected.AsSpan(t * qkv, qkv);
                PrepareQueryKey(row, start + t);
                _caches[l].Append(row.Slice(d, kv), row.Slice(d + kv, kv));
            }
            mix.Run(_caches[l], count, _pool);
            PalettizedMatMat.Multiply(layer.Output, mixed, count, attended, _pool);
            TensorPrimitives.Add(x, attended, x);
            NormRows(x, normed, d);
            var (up, down) = _ffn.Layer(l);
            PalettizedMatMat.Multiply(up, normed, count, gateUp, _pool);
            for (int t = 0; t < count; t++)
                SwiGlu(gateUp.AsSpan(t * 2 * ff, 2 * ff), act.AsSpan(t * ff, ff));
            PalettizedMatMat.Multiply(down, act, count, attended, _pool);
            TensorPrimitives.Add(x, attended, x);
        }
        x.AsSpan((count - 1) * d, d).CopyTo(_x);
        RmsNorm.Apply(_x, _normed);
        PalettizedMatVec.Multiply(_weights.Embedding, _normed, Logits, _pool);
        return TensorPrimitives.IndexOfMax(Logits);
    }

    /// <summary>Weights one decode token reads: every matrix once (the LM head is the embedding).</summary>
    public long WeightBytesPerToken => _weights.TotalBytes;

    /// <summary>The embedding row of <paramref name="token"/>, decoded through its group's palette.</summary>
    private void Embed(int token, Span<float> destination)
    {
        if ((uint)token >= (uint)Shape.Vocab)
            throw new ArgumentOutOfRangeException(nameof(token), $"token {token} is outside the vocabulary of {Shape.Vocab}");
        var embedding = _weights.Embedding;
        for (int c = 0; c < embedding.Cols; c++)
            destination[c] = (float)embedding.Weight(token, c);
    }

    /// <summary>Query/key RMSNorm per head (AFM's "query/key normalization"), then RoPE on both.</summary>
    private void PrepareQueryKey(Span<float> row, int position)
    {
        int d = Shape.DModel, headDim = Shape.HeadDim;
        var qk = row[..(d + _layout.KvDim)];
        for (int h = 0; h < qk.Length; h += headDim)
            RmsNorm.Apply(qk.Slice(h, headDim), qk.Slice(h, headDim));
        _rope.Apply(qk[..d], position);
        _rope.Apply(qk.Slice(d, _layout.KvDim), position);
    }

    private static void NormRows(float[] x, float[] normed, int d)
    {
        for (int t = 0; t < x.Length / d; t++)
            RmsNorm.Apply(x.AsSpan(t * d, d), normed.AsSpan(t * d, d));
    }

    /// <summary>SiLU(gate) · up: gate is the first half of <paramref name="gateUp"/>, up the second.</summary>
    private static void SwiGlu(ReadOnlySpan<float> gateUp, Span<float> act)
    {
        int ff = act.Length;
        var gate = gateUp[..ff];
        TensorPrimitives.Sigmoid(gate, act);
        TensorPrimitives.Multiply(act, gate, act);
        TensorPrimitives.Multiply(act, gateUp.Slice(ff, ff), act);
    }

    /// <summary>The causal attention of a prompt's tokens, token t over positions 0 … start + t, tokens spread over the pool.</summary>
    private sealed class MixJob(AttentionLayout layout, int start, float[] projected, float[] mixed) : ChunkedJob
    {
        [ThreadStatic]
        private static float[]? t_scores;

        private KvCache? _cache;

        public void Run(KvCache cache, int tokens, ComputePool pool)
        {
            _cache = cache;
            Prepare(tokens, pool.Threads, granularity: 1);
            pool.Run(this);
        }

        protected override void Execute(int first, int end)
        {
            int d = layout.DModel, qkv = d + 2 * layout.KvDim;
            var scores = t_scores is { } s && s.Length >= _cache!.Capacity ? s : t_scores = new float[_cache!.Capacity];
            for (int t = first; t < end; t++)
                Attention.Mix(layout, _cache, start + t + 1, projected.AsSpan(t * qkv, d), mixed.AsSpan(t * d, d), scores);
        }
    }
}
