namespace FlashBench.Core.Inference.Kernels;

/// <summary>fp16 → fp32 with integer operations, exact for every finite half (the form the vector lanes use; .NET 10
/// exposes no F16C/AVX512-FP16 conversion intrinsic, and <c>TensorPrimitives.ConvertToSingle</c> converts in software).
/// <para>Normal halves: the sign-extended bits shifted left by 13 put the exponent and mantissa where a float keeps
/// them; <see cref="Mask"/> clears the copies of the sign above the exponent, and adding <see cref="Rebias"/> (112 in
/// the exponent field) turns the half's exponent bias (15) into a float's (127).</para>
/// <para>Zeros and subnormals (exponent field 0) are m · 2⁻²⁴ for their 10-bit mantissa m: an exact int → float
/// conversion and a multiplication by a power of two, sign restored. The better-known trick — reinterpret the shifted
/// bits as a float and multiply by 2¹¹² — feeds float denormals to the multiplier, which Intel cores handle in a
/// microcode assist of ~100 cycles each: with synthetic weights (0.4 % of them below the smallest normal half) that
/// made the kernels 3× slower on this project's Xeon. Vector lanes take this path only for vectors holding such a
/// half. Infinity and NaN are NOT preserved (weights are finite): both paths read them as ±2¹⁶·(1 + m/1024).</para>
/// <para>The corrected kernels (<see cref="HalfMatrix"/>) use <see cref="ToScaledNormal"/> instead: no rebias and no
/// test, every lane the same few integer operations; see there.</para></summary>
public static class HalfBits
{
    /// <summary>Sign bit, 5 exponent bits (27…23) and 10 mantissa bits (22…13) of a shifted half.</summary>
    public const uint Mask = 0x8FFF_E000;

    /// <summary>(127 − 15) in a float's exponent field.</summary>
    public const uint Rebias = 112u << 23;

    /// <summary>The half's exponent field.</summary>
    public const int ExponentBits = 0x7C00;

    /// <summary>The half's mantissa field.</summary>
    public const int MantissaBits = 0x03FF;

    /// <summary>2⁻²⁴: the value of a subnormal half's mantissa unit.</summary>
    public const float SubnormalUnit = 5.9604645e-8f;

    /// <summary>2¹¹²: the factor <see cref="ToScaledNormal"/> leaves out, put back by scaling the other operand (finite
    /// for |operand| &lt; 2¹⁶; the kernels fall back to the exact path otherwise).</summary>
    public static readonly float InputScale = MathF.ScaleB(1f, 112);

    /// <summary>The fast form: a normal half's value times 2⁻¹¹² (the shifted bits with their own exponent field, a
    /// normal float: no rebias needed), and +0 for zeros and subnormals (exponent field 0). A product with
    /// x · 2¹¹² is then the product with x, rounded identically (both operands exact, the same real product), and a
    /// ±0 weight adds nothing, as it must. Subnormal halves are left out (their shifted bits would be float
    /// denormals, which cost Intel cores a microcode assist per multiplication) and added back from a
    /// <see cref="SubnormalCorrections"/> list. Infinity and NaN come out as ±2¹⁶·(1 + m/1024) once scaled back, as in
    /// <see cref="ToSingle"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static float ToScaledNormal(ushort bits)
    {
        int h = (short)bits;
        return (h & ExponentBits) == 0 ? 0f : BitConverter.UInt32BitsToSingle(((uint)h << 13) & Mask);
    }

    /// <summary>The scaled form: every finite half's value times 2⁻¹¹², the bits of <see cref="ToScaledNormal"/> without its
    /// test, so a subnormal half comes out as a float denormal (m · 2⁻¹³⁶). Its product with x · 2¹¹² is exactly that of
    /// the half with x, so no correction list is needed; the price is a denormal multiplicand, which costs nothing on
    /// cores that handle denormal inputs in hardware and a microcode assist on those that don't
    /// (<see cref="DenormalInputs"/> tells which).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static float ToScaled(ushort bits) => BitConverter.UInt32BitsToSingle(((uint)(short)bits << 13) & Mask);

    /// <summary>The exact value of a subnormal half (or zero): ±m · 2⁻²⁴.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static float SubnormalValue(int mantissa, bool negative)
    {
        float magnitude = mantissa * SubnormalUnit;
        return negative ? -magnitude : magnitude;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public static float ToSingle(ushort bits)
    {
        int h = (short)bits;
        if ((h & ExponentBits) == 0)
            return SubnormalValue(h & MantissaBits, h < 0);
        return BitConverter.UInt32BitsToSingle((((uint)h << 13) & Mask) + Rebias);
    }
}
