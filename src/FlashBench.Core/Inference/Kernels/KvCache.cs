namespace FlashBench.Core.Inference.Kernels;

/// <summary>One layer's key/value cache in fp32, growing by one position per generated token
/// (kv_heads · head_dim values each for K and V; one shared head for multi-query attention).</summary>
public sealed class KvCache
{
    private readonly float[] _keys;
    private readonly float[] _values;

    public KvCache(int kvDim, int capacity)
    {
        KvDim = kvDim;
        Capacity = capacity;
        _keys = new float[(long)kvDim * capacity];
        _values = new float[(long)kvDim * capacity];
    }

    public int KvDim { get; }
    public int Capacity { get; }
    public int Count { get; private set; }

    public long Bytes => 2L * KvDim * Capacity * sizeof(float);

    public void Append(ReadOnlySpan<float> key, ReadOnlySpan<float> value)
    {
        if (Count == Capacity)
            throw new InvalidOperationException($"KV cache full ({Capacity} positions)");
        key[..KvDim].CopyTo(_keys.AsSpan(Count * KvDim, KvDim));
        value[..KvDim].CopyTo(_values.AsSpan(Count * KvDim, KvDim));
        Count++;
    }

    public ReadOnlySpan<float> Key(int position, int head, int headDim) => _keys.AsSpan(position * KvDim + head * headDim, headDim);

    public ReadOnlySpan<float> Value(int position, int head, int headDim) => _values.AsSpan(position * KvDim + head * headDim, headDim);

    public void Clear() => Count = 0;
}
