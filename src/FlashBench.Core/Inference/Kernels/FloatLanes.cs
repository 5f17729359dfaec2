using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>The vector operations the fp16 kernels need, at one width. The kernels are written once, generic over
/// this interface; the JIT specialises them per struct and inlines every call, so each width gets its own
/// straight-line code (the pattern of System.Numerics.Tensors' operator structs).</summary>
public unsafe interface IFloatLanes<TVector> where TVector : struct
{
    static abstract int Count { get; }
    static abstract TVector Zero { get; }
    /// <summary><see cref="Count"/> fp16 values widened to fp32 in registers (<see cref="HalfBits"/>: integer rebias;
    /// a vector holding a zero or subnormal half also takes the exact int → float path for those lanes).</summary>
    static abstract TVector LoadHalves(ushort* source);
    /// <summary><see cref="Count"/> fp16 values in the fast form of <see cref="HalfBits.ToScaledNormal"/>: normal halves
    /// times 2⁻¹¹², zeros and subnormals +0; the same operations for every vector, no branch.</summary>
    static abstract TVector LoadNormalHalves(ushort* source);
    /// <summary><see cref="Count"/> fp16 values in the scaled form of <see cref="HalfBits.ToScaled"/>: every finite half
    /// times 2⁻¹¹², subnormal halves as float denormals; a shift and a mask per vector.</summary>
    static abstract TVector LoadScaledHalves(ushort* source);
    static abstract TVector Load(float* source);
    static abstract void Store(TVector value, float* destination);
    static abstract TVector Broadcast(float value);
    /// <summary>a · b + c, fused where the CPU has FMA.</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);
    static abstract float Sum(TVector value);
}

/// <summary>AVX-512: 16 floats per vector.</summary>
public readonly unsafe struct Lanes512 : IFloatLanes<Vector512<float>>
{
    public static bool IsSupported => Vector512.IsHardwareAccelerated && Avx512F.IsSupported;
    public static int Count => 16;
    public static Vector512<float> Zero => Vector512<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadHalves(ushort* source)
    {
        var h = Avx512F.ConvertToVector512Int32(Vector256.Load((short*)source));
        var bits = (Vector512.ShiftLeft(h.AsUInt32(), 13) & Vector512.Create(HalfBits.Mask)) + Vector512.Create(HalfBits.Rebias);
        var exponent = h & Vector512.Create(HalfBits.ExponentBits);
        if (Vector512.EqualsAny(exponent, Vector512<int>.Zero))
        {
            // zeros and subnormals (HalfBits): m · 2^-24 with the sign, in those lanes only
            var magnitude = Vector512.ConvertToSingle(h & Vector512.Create(HalfBits.MantissaBits)) * Vector512.Create(HalfBits.SubnormalUnit);
            var small = magnitude.AsUInt32() | (h.AsUInt32() & Vector512.Create(0x8000_0000u));
            bits = Vector512.ConditionalSelect(Vector512.Equals(exponent, Vector512<int>.Zero).AsUInt32(), small, bits);
        }
        return bits.AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadNormalHalves(ushort* source)
    {
        var h = Avx512F.ConvertToVector512Int32(Vector256.Load((short*)source));
        // CompareNotEqual + a select with zero: the JIT emits a test into a mask register and one zero-masked AND
        var normal = Avx512F.CompareNotEqual(h & Vector512.Create(HalfBits.ExponentBits), Vector512<int>.Zero);
        var bits = Vector512.ShiftLeft(h.AsUInt32(), 13) & Vector512.Create(HalfBits.Mask);
        return Vector512.ConditionalSelect(normal.AsUInt32(), bits, Vector512<uint>.Zero).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadScaledHalves(ushort* source) =>
        (Vector512.ShiftLeft(Avx512F.ConvertToVector512Int32(Vector256.Load((short*)source)).AsUInt32(), 13) & Vector512.Create(HalfBits.Mask)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(float* source) => Vector512.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, float* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Avx512F.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> value) => Vector512.Sum(value);
}

/// <summary>AVX2 + FMA: 8 floats per vector.</summary>
public readonly unsafe struct Lanes256 : IFloatLanes<Vector256<float>>
{
    public static bool IsSupported => Vector256.IsHardwareAccelerated && Avx2.IsSupported && Fma.IsSupported;
    public static int Count => 8;
    public static Vector256<float> Zero => Vector256<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadHalves(ushort* source)
    {
        var h = Avx2.ConvertToVector256Int32((short*)source);
        var bits = (Vector256.ShiftLeft(h.AsUInt32(), 13) & Vector256.Create(HalfBits.Mask)) + Vector256.Create(HalfBits.Rebias);
        var exponent = h & Vector256.Create(HalfBits.ExponentBits);
        if (Vector256.EqualsAny(exponent, Vector256<int>.Zero))
        {
            var magnitude = Vector256.ConvertToSingle(h & Vector256.Create(HalfBits.MantissaBits)) * Vector256.Create(HalfBits.SubnormalUnit);
            var small = magnitude.AsUInt32() | (h.AsUInt32() & Vector256.Create(0x8000_0000u));
            bits = Vector256.ConditionalSelect(Vector256.Equals(exponent, Vector256<int>.Zero).AsUInt32(), small, bits);
        }
        return bits.AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadNormalHalves(ushort* source)
    {
        var h = Avx2.ConvertToVector256Int32((short*)source);
        var small = Vector256.Equals(h & Vector256.Create(HalfBits.ExponentBits), Vector256<int>.Zero);
        var bits = Vector256.ShiftLeft(h.AsUInt32(), 13) & Vector256.Create(HalfBits.Mask);
        return Vector256.AndNot(bits, small.AsUInt32()).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadScaledHalves(ushort* source) =>
        (Vector256.ShiftLeft(Avx2.ConvertToVector256Int32((short*)source).AsUInt32(), 13) & Vector256.Create(HalfBits.Mask)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* source) => Vector256.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<float> value, float* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Fma.MultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> value) => Vector256.Sum(value);
}

/// <summary>Any 128-bit SIMD (SSE, Arm NEON) through the cross-platform API: 4 floats per vector.</summary>
public readonly unsafe struct Lanes128 : IFloatLanes<Vector128<float>>
{
    public static bool IsSupported => Vector128.IsHardwareAccelerated;
    public static int Count => 4;
    public static Vector128<float> Zero => Vector128<float>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadHalves(ushort* source)
    {
        var h = Vector128.WidenLower(Vector128.CreateScalar(*(long*)source).AsInt16());
        var bits = (Vector128.ShiftLeft(h.AsUInt32(), 13) & Vector128.Create(HalfBits.Mask)) + Vector128.Create(HalfBits.Rebias);
        var exponent = h & Vector128.Create(HalfBits.ExponentBits);
        if (Vector128.EqualsAny(exponent, Vector128<int>.Zero))
        {
            var magnitude = Vector128.ConvertToSingle(h & Vector128.Create(HalfBits.MantissaBits)) * Vector128.Create(HalfBits.SubnormalUnit);
            var small = magnitude.AsUInt32() | (h.AsUInt32() & Vector128.Create(0x8000_0000u));
            bits = Vector128.ConditionalSelect(Vector128.Equals(exponent, Vector128<int>.Zero).AsUInt32(), small, bits);
        }
        return bits.AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadNormalHalves(ushort* source)
    {
        var h = Vector128.WidenLower(Vector128.CreateScalar(*(long*)source).AsInt16());
        var small = Vector128.Equals(h & Vector128.Create(HalfBits.ExponentBits), Vector128<int>.Zero);
        var bits = Vector128.ShiftLeft(h.AsUInt32(), 13) & Vector128.Create(HalfBits.Mask);
        return Vector128.AndNot(bits, small.AsUInt32()).AsSingle();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadScaledHalves(ushort* source) =>
        (Vector128.ShiftLeft(Vector128.WidenLower(Vector128.CreateScalar(*(long*)source).AsInt16()).AsUInt32(), 13) & Vector128.Create(HalfBits.Mask)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(float* source) => Vector128.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<float> value, float* destination) => value.Store(destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Broadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector128<float> value) => Vector128.Sum(value);
}

/// <summary>One float at a time, for CPUs without SIMD and as the reference the vector paths are tested against.</summary>
public readonly unsafe struct LanesScalar : IFloatLanes<float>
{
    public static int Count => 1;
    public static float Zero => 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LoadHalves(ushort* source) => HalfBits.ToSingle(*source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LoadNormalHalves(ushort* source) => HalfBits.ToScaledNormal(*source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float LoadScaledHalves(ushort* source) => HalfBits.ToScaled(*source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(float* source) => *source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, float* destination) => *destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Broadcast(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float MultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(float value) => value;
}
