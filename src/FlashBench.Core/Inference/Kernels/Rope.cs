namespace FlashBench.Core.Inference.Kernels;

/// <summary>Rotary position embedding (RoPE, Su et al. 2021) as Llama applies it ("rotate half"): within each head, element
/// i and element i + head_dim/2 rotate by position · base^(−2i/head_dim). AFM-on-device uses RoPE with a raised base
/// frequency ("Apple Intelligence Foundation Language Models", 2024, §3); the report gives no value, so 500,000 (Llama 3's)
/// is assumed. Angles for every position up to the capacity are computed once.</summary>
public sealed class Rope
{
    public const double DefaultBase = 500_000;

    private readonly float[] _cos;
    private readonly float[] _sin;

    public Rope(int headDim, int maxPositions, double frequencyBase = DefaultBase)
    {
        if (headDim <= 0 || headDim % 2 != 0)
            throw new ArgumentException($"RoPE needs an even head dimension, not {headDim}");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPositions);
        HeadDim = headDim;
        MaxPositions = maxPositions;
        int half = headDim / 2;
        _cos = new float[maxPositions * half];
        _sin = new float[maxPositions * half];
        for (int p = 0; p < maxPositions; p++)
        {
            for (int i = 0; i < half; i++)
            {
                double angle = p * Math.Pow(frequencyBase, -2.0 * i / headDim);
                _cos[p * half + i] = (float)Math.Cos(angle);
                _sin[p * half + i] = (float)Math.Sin(angle);
            }
        }
    }

    public int HeadDim { get; }
    public int MaxPositions { get; }

    /// <summary>Rotates every head of <paramref name="heads"/> (back to back, <see cref="HeadDim"/> each) in place.</summary>
    public void Apply(Span<float> heads, int position)
    {
        if ((uint)position >= (uint)MaxPositions)
            throw new ArgumentOutOfRangeException(nameof(position), $"position {position} is past the {MaxPositions} RoPE was built for");
        int half = HeadDim / 2;
        var cos = _cos.AsSpan(position * half, half);
        var sin = _sin.AsSpan(position * half, half);
        for (int h = 0; h + HeadDim <= heads.Length; h += HeadDim)
        {
            var low = heads.Slice(h, half);
            var high = heads.Slice(h + half, half);
            for (int i = 0; i < half; i++)
            {
                float a = low[i], b = high[i];
                low[i] = a * cos[i] - b * sin[i];
                high[i] = b * cos[i] + a * sin[i];
            }
        }
    }
}
