namespace FlashBench.Core.Sparsity;

/// <summary>Per token and layer, the attention output that feeds the layer's FFN: the §3.1 predictor's input.
/// Holds the layers <see cref="FileLayers"/> of a hidden-state file (all of them, or the ones a run needs).</summary>
public sealed class HiddenStates
{
    private readonly float[] _values; // [token][slot][d_model]
    private readonly Dictionary<int, int> _slots;

    /// <param name="fileLayers">Layer index (in the file and its trace) of each slot.</param>
    /// <param name="values">float32 values, [token][slot][d_model].</param>
    public HiddenStates(int tokens, IReadOnlyList<int> fileLayers, int dModel, float[] values)
    {
        if (tokens <= 0 || fileLayers.Count == 0 || dModel <= 0)
            throw new ArgumentException("hidden states need at least one token, one layer and d_model ≥ 1");
        if (values.LongLength != (long)tokens * fileLayers.Count * dModel)
            throw new ArgumentException($"expected {tokens} × {fileLayers.Count} × {dModel} values, got {values.LongLength}");
        Tokens = tokens;
        FileLayers = fileLayers;
        DModel = dModel;
        _values = values;
        _slots = fileLayers.Select((layer, slot) => (layer, slot)).ToDictionary(p => p.layer, p => p.slot);
    }

    public int Tokens { get; }

    public IReadOnlyList<int> FileLayers { get; }

    public int DModel { get; }

    /// <summary>The d_model values of <paramref name="token"/> at file layer <paramref name="layer"/>.</summary>
    public ReadOnlySpan<float> Vector(int token, int layer)
    {
        if (!_slots.TryGetValue(layer, out int slot))
            throw new ArgumentOutOfRangeException(nameof(layer), $"layer {layer} was not loaded (loaded: {string.Join(' ', FileLayers)})");
        if ((uint)token >= (uint)Tokens)
            throw new ArgumentOutOfRangeException(nameof(token), $"token {token} is outside 0..{Tokens - 1}");
        return _values.AsSpan((int)(((long)token * FileLayers.Count + slot) * DModel), DModel);
    }
}
