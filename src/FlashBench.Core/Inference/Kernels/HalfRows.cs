using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>How a kernel widens fp16: exactly (<see cref="IFloatLanes{TVector}.LoadHalves"/>, a test and a rarely
/// taken branch per vector for zeros and subnormals), or in the fast form (<see cref="IFloatLanes{TVector}.LoadNormalHalves"/>,
/// no test, normal halves times 2⁻¹¹², subnormals 0) whose caller scales x by 2¹¹² and adds the subnormals back from
/// a <see cref="SubnormalCorrections"/> list. The kernels are generic over it so each form gets its own code.</summary>
public interface IHalfWidening
{
    static abstract bool Fast { get; }
    /// <summary>With <see cref="Fast"/>: subnormal halves come through as float denormals (<see cref="HalfBits.ToScaled"/>)
    /// instead of +0, so the caller adds no corrections.</summary>
    static abstract bool KeepsSubnormals { get; }
}

public readonly struct ExactWidening : IHalfWidening
{
    public static bool Fast => false;
    public static bool KeepsSubnormals => true;
}

public readonly struct NormalWidening : IHalfWidening
{
    public static bool Fast => true;
    public static bool KeepsSubnormals => false;
}

/// <summary>The fast form without the test for subnormals: for CPUs whose multipliers take denormal inputs at full speed
/// (<see cref="DenormalInputs.AreFree"/>).</summary>
public readonly struct ScaledWidening : IHalfWidening
{
    public static bool Fast => true;
    public static bool KeepsSubnormals => true;
}

/// <summary>The two inner loops of every fp16 kernel, written once for any <see cref="IFloatLanes{TVector}"/> and
/// either <see cref="IHalfWidening"/>: dot products of several rows with one input vector (eight rows per pass share
/// each load of the input), and y += Σ a_i · row_i for four rows at once (one load and one store of y per four rows).
/// fp16 is widened in registers; accumulation is fp32. Columns past the last whole vector are summed one by one, in
/// the same widening form. The <c>…Normal</c> entries take x (or a) already multiplied by <see cref="HalfBits.InputScale"/>
/// and leave the subnormal halves out.</summary>
public static unsafe class HalfRows
{
    public static void Dot(SimdWidth width, ushort* rows, long stride, int cols, float* x, float* y, int count) =>
        Dot<ExactWidening>(width, rows, stride, cols, x, y, count);

    public static void DotNormal(SimdWidth width, ushort* rows, long stride, int cols, float* scaledX, float* y, int count) =>
        Dot<NormalWidening>(width, rows, stride, cols, scaledX, y, count);

    /// <summary><see cref="DotNormal"/> with the subnormal halves included as float denormals (<see cref="ScaledWidening"/>).</summary>
    public static void DotScaled(SimdWidth width, ushort* rows, long stride, int cols, float* scaledX, float* y, int count) =>
        Dot<ScaledWidening>(width, rows, stride, cols, scaledX, y, count);

    public static void Axpy4(SimdWidth width, float* y, int cols, ushort* r0, float a0, ushort* r1, float a1, ushort* r2, float a2, ushort* r3, float a3) =>
        Axpy4<ExactWidening>(width, y, cols, r0, a0, r1, a1, r2, a2, r3, a3);

    public static void Axpy4Normal(SimdWidth width, float* y, int cols, ushort* r0, float a0, ushort* r1, float a1, ushort* r2, float a2, ushort* r3, float a3) =>
        Axpy4<NormalWidening>(width, y, cols, r0, a0, r1, a1, r2, a2, r3, a3);

    public static void Axpy(SimdWidth width, float* y, int cols, ushort* r, float a) => Axpy<ExactWidening>(width, y, cols, r, a);

    public static void AxpyNormal(SimdWidth width, float* y, int cols, ushort* r, float a) => Axpy<NormalWidening>(width, y, cols, r, a);

    internal static void Dot<TWidening>(SimdWidth width, ushort* rows, long stride, int cols, float* x, float* y, int count)
        where TWidening : IHalfWidening
    {
        switch (width)
        {
            case SimdWidth.V512: Dot<Lanes512, Vector512<float>, TWidening>(rows, stride, cols, x, y, count); break;
            case SimdWidth.V256: Dot<Lanes256, Vector256<float>, TWidening>(rows, stride, cols, x, y, count); break;
            case SimdWidth.V128: Dot<Lanes128, Vector128<float>, TWidening>(rows, stride, cols, x, y, count); break;
            default: Dot<LanesScalar, float, TWidening>(rows, stride, cols, x, y, count); break;
        }
    }

    internal static void Axpy4<TWidening>(SimdWidth width, float* y, int cols, ushort* r0, float a0, ushort* r1, float a1, ushort* r2, float a2, ushort* r3, float a3)
        where TWidening : IHalfWidening
    {
        switch (width)
        {
            case SimdWidth.V512: Axpy4<Lanes512, Vector512<float>, TWidening>(y, cols, r0, a0, r1, a1, r2, a2, r3, a3); break;
            case SimdWidth.V256: Axpy4<Lanes256, Vector256<float>, TWidening>(y, cols, r0, a0, r1, a1, r2, a2, r3, a3); break;
            case SimdWidth.V128: Axpy4<Lanes128, Vector128<float>, TWidening>(y, cols, r0, a0, r1, a1, r2, a2, r3, a3); break;
            default: Axpy4<LanesScalar, float, TWidening>(y, cols, r0, a0, r1, a1, r2, a2, r3, a3); break;
        }
    }

    internal static void Axpy<TWidening>(SimdWidth width, float* y, int cols, ushort* r, float a)
        where TWidening : IHalfWidening
    {
        switch (width)
        {
            case SimdWidth.V512: Axpy<Lanes512, Vector512<float>, TWidening>(y, cols, r, a); break;
            case SimdWidth.V256: Axpy<Lanes256, Vector256<float>, TWidening>(y, cols, r, a); break;
            case SimdWidth.V128: Axpy<Lanes128, Vector128<float>, TWidening>(y, cols, r, a); break;
            default: Axpy<LanesScalar, float, TWidening>(y, cols, r, a); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Load<TLanes, TVector, TWidening>(ushort* row, int column)
        where TLanes : IFloatLanes<TVector> where TVector : struct where TWidening : IHalfWidening =>
        !TWidening.Fast ? TLanes.LoadHalves(row + column) :
        TWidening.KeepsSubnormals ? TLanes.LoadScaledHalves(row + column) : TLanes.LoadNormalHalves(row + column);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Widen<TWidening>(ushort bits) where TWidening : IHalfWidening =>
        !TWidening.Fast ? HalfBits.ToSingle(bits) :
        TWidening.KeepsSubnormals ? HalfBits.ToScaled(bits) : HalfBits.ToScaledNormal(bits);

    /// <summary>y[i] = row_i · x for i in 0 … count − 1, row i starting at rows + i·stride (in halves). Eight rows per
    /// pass: eight streams keep enough cache misses in flight for one core to approach its DRAM bandwidth (four
    /// reached 15 % less on a DRAM-sized matrix on the reference machine); four, then one, for the remaining rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dot<TLanes, TVector, TWidening>(ushort* rows, long stride, int cols, float* x, float* y, int count)
        where TLanes : IFloatLanes<TVector> where TVector : struct where TWidening : IHalfWidening
    {
        int width = TLanes.Count;
        int vectorCols = cols - cols % width;
        int i = 0;
        for (; i + 8 <= count; i += 8)
        {
            ushort* r0 = rows + i * stride;
            ushort* r1 = r0 + stride;
            ushort* r2 = r1 + stride;
            ushort* r3 = r2 + stride;
            ushort* r4 = r3 + stride;
            ushort* r5 = r4 + stride;
            ushort* r6 = r5 + stride;
            ushort* r7 = r6 + stride;
            TVector a0 = TLanes.Zero, a1 = TLanes.Zero, a2 = TLanes.Zero, a3 = TLanes.Zero;
            TVector a4 = TLanes.Zero, a5 = TLanes.Zero, a6 = TLanes.Zero, a7 = TLanes.Zero;
            for (int c = 0; c < vectorCols; c += width)
            {
                var xv = TLanes.Load(x + c);
                a0 = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r0, c), xv, a0);
                a1 = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r1, c), xv, a1);
                a2 = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r2, c), xv, a2);
                a3 = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r3, c), xv, a3);
                a4 = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r4, c), xv, a4);
                a5 = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r5, c), xv, a5);
                a6 = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r6, c), xv, a6);
                a7 = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r7, c), xv, a7);
            }
            // reduce every accumulator before any tail: a vector live across a call would be spilled inside the hot loop
            y[i] = TLanes.Sum(a0);
            y[i + 1] = TLanes.Sum(a1);
            y[i + 2] = TLanes.Sum(a2);
            y[i + 3] = TLanes.Sum(a3);
            y[i + 4] = TLanes.Sum(a4);
            y[i + 5] = TLanes.Sum(a5);
            y[i + 6] = TLanes.Sum(a6);
            y[i + 7] = TLanes.Sum(a7);
            if (vectorCols < cols)
            {
                for (int k = 0; k < 8; k++)
                    y[i + k] += Tail<TWidening>(r0 + k * stride, x, vectorCols, cols);
            }
        }
        for (; i + 4 <= count; i += 4)
        {
            ushort* r0 = rows + i * stride;
            ushort* r1 = r0 + stride;
            ushort* r2 = r1 + stride;
            ushort* r3 = r2 + stride;
            TVector a0 = TLanes.Zero, a1 = TLanes.Zero, a2 = TLanes.Zero, a3 = TLanes.Zero;
            for (int c = 0; c < vectorCols; c += width)
            {
                var xv = TLanes.Load(x + c);
                a0 = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r0, c), xv, a0);
                a1 = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r1, c), xv, a1);
                a2 = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r2, c), xv, a2);
                a3 = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r3, c), xv, a3);
            }
            y[i] = TLanes.Sum(a0);
            y[i + 1] = TLanes.Sum(a1);
            y[i + 2] = TLanes.Sum(a2);
            y[i + 3] = TLanes.Sum(a3);
            if (vectorCols < cols)
            {
                for (int k = 0; k < 4; k++)
                    y[i + k] += Tail<TWidening>(r0 + k * stride, x, vectorCols, cols);
            }
        }
        for (; i < count; i++)
        {
            ushort* r = rows + i * stride;
            TVector a = TLanes.Zero;
            for (int c = 0; c < vectorCols; c += width)
                a = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r, c), TLanes.Load(x + c), a);
            y[i] = TLanes.Sum(a);
            if (vectorCols < cols)
                y[i] += Tail<TWidening>(r, x, vectorCols, cols);
        }
    }

    /// <summary>y += a0·r0 + a1·r1 + a2·r2 + a3·r3 over <paramref name="cols"/> columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy4<TLanes, TVector, TWidening>(float* y, int cols, ushort* r0, float a0, ushort* r1, float a1, ushort* r2, float a2, ushort* r3, float a3)
        where TLanes : IFloatLanes<TVector> where TVector : struct where TWidening : IHalfWidening
    {
        int width = TLanes.Count;
        int vectorCols = cols - cols % width;
        TVector b0 = TLanes.Broadcast(a0), b1 = TLanes.Broadcast(a1), b2 = TLanes.Broadcast(a2), b3 = TLanes.Broadcast(a3);
        for (int c = 0; c < vectorCols; c += width)
        {
            var acc = TLanes.Load(y + c);
            acc = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r0, c), b0, acc);
            acc = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r1, c), b1, acc);
            acc = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r2, c), b2, acc);
            acc = TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r3, c), b3, acc);
            TLanes.Store(acc, y + c);
        }
        for (int c = vectorCols; c < cols; c++)
        {
            float acc = y[c];
            acc = MathF.FusedMultiplyAdd(Widen<TWidening>(r0[c]), a0, acc);
            acc = MathF.FusedMultiplyAdd(Widen<TWidening>(r1[c]), a1, acc);
            acc = MathF.FusedMultiplyAdd(Widen<TWidening>(r2[c]), a2, acc);
            y[c] = MathF.FusedMultiplyAdd(Widen<TWidening>(r3[c]), a3, acc);
        }
    }

    /// <summary>y += a·r over <paramref name="cols"/> columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy<TLanes, TVector, TWidening>(float* y, int cols, ushort* r, float a)
        where TLanes : IFloatLanes<TVector> where TVector : struct where TWidening : IHalfWidening
    {
        int width = TLanes.Count;
        int vectorCols = cols - cols % width;
        TVector b = TLanes.Broadcast(a);
        for (int c = 0; c < vectorCols; c += width)
            TLanes.Store(TLanes.MultiplyAdd(Load<TLanes, TVector, TWidening>(r, c), b, TLanes.Load(y + c)), y + c);
        for (int c = vectorCols; c < cols; c++)
            y[c] = MathF.FusedMultiplyAdd(Widen<TWidening>(r[c]), a, y[c]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail<TWidening>(ushort* row, float* x, int from, int cols) where TWidening : IHalfWidening
    {
        float sum = 0;
        for (int c = from; c < cols; c++)
            sum = MathF.FusedMultiplyAdd(Widen<TWidening>(row[c]), x[c], sum);
        return sum;
    }
}
