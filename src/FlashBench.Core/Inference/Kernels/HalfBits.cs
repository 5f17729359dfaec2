namespace FlashBench.Core.Inference.Kernels;

/// <summary>fp16 → fp32 with integer operations only, exact for every finite half (the form the vector lanes use;
/// .NET 10 exposes no F16C/AVX512-FP16 conversion intrinsic, and <c>TensorPrimitives.ConvertToSingle</c> converts in
/// software). The half's sign-extended bits shifted left by 13 put its exponent and mantissa where a float keeps
/// them; masking with <see cref="Mask"/> clears the three copies of the sign above the exponent. The result reads as
/// a float whose exponent is biased by 127 instead of 15; multiplying by 2^112 rebiases it. Half subnormals become
/// float subnormals and scale exactly too (denormals are not flushed in .NET). Infinity and NaN are NOT preserved
/// (they become ±65536·(1 + m/1024)): weights are finite.</summary>
public static class HalfBits
{
    /// <summary>Sign bit, 5 exponent bits (27…23) and 10 mantissa bits (22…13) of a shifted half.</summary>
    public const uint Mask = 0x8FFF_E000;

    /// <summary>2^112 = 2^(127 − 15).</summary>
    public const float Rebias = 5.192297e33f;

    public static float ToSingle(ushort bits)
    {
        uint shifted = ((uint)(int)(short)bits << 13) & Mask;
        return BitConverter.UInt32BitsToSingle(shifted) * Rebias;
    }
}
