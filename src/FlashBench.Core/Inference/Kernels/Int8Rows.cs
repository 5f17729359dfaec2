using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>Exact integer dot products of int8 rows with the quantized input, four rows per pass sharing each load
/// of the input. Every path computes the same integers (no overflow below 500 000 columns), so they differ from
/// the scalar reference in no bit. The input arrives in the three forms the paths need: q (int8), q + 128
/// (uint8, for VPDPBUSD, whose left operand is unsigned; the row sums remove the offset) and q as int16.</summary>
public static unsafe class Int8Rows
{
    public readonly struct Input(sbyte* q, byte* offset, short* wide)
    {
        public sbyte* Q { get; } = q;
        public byte* Offset { get; } = offset;
        public short* Wide { get; } = wide;
    }

    /// <summary>dots[i] = Σ_c row_i[c] · q[c] for rows i = 0 … count − 1, <paramref name="cols"/> apart.</summary>
    public static void Dot(Int8Path path, sbyte* rows, int cols, Input x, int* rowSums, int* dots, int count)
    {
        switch (path)
        {
            case Int8Path.Vnni256: Vnni256(rows, cols, x.Offset, rowSums, dots, count); break;
            case Int8Path.Widen512: Widen512(rows, cols, x.Wide, dots, count); break;
            case Int8Path.Widen256: Widen256(rows, cols, x.Wide, dots, count); break;
            default: Scalar(rows, cols, x.Q, dots, count); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vnni256(sbyte* rows, int cols, byte* x, int* rowSums, int* dots, int count)
    {
        int vectorCols = cols - cols % 32;
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            sbyte* r0 = rows + (long)i * cols, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int c = 0; c < vectorCols; c += 32)
            {
                var xv = Vector256.Load(x + c);
                a0 = AvxVnni.MultiplyWideningAndAdd(a0, xv, Vector256.Load(r0 + c));
                a1 = AvxVnni.MultiplyWideningAndAdd(a1, xv, Vector256.Load(r1 + c));
                a2 = AvxVnni.MultiplyWideningAndAdd(a2, xv, Vector256.Load(r2 + c));
                a3 = AvxVnni.MultiplyWideningAndAdd(a3, xv, Vector256.Load(r3 + c));
            }
            dots[i] = Vector256.Sum(a0) + OffsetTail(r0, x, vectorCols, cols) - 128 * rowSums[i];
            dots[i + 1] = Vector256.Sum(a1) + OffsetTail(r1, x, vectorCols, cols) - 128 * rowSums[i + 1];
            dots[i + 2] = Vector256.Sum(a2) + OffsetTail(r2, x, vectorCols, cols) - 128 * rowSums[i + 2];
            dots[i + 3] = Vector256.Sum(a3) + OffsetTail(r3, x, vectorCols, cols) - 128 * rowSums[i + 3];
        }
        for (; i < count; i++)
        {
            sbyte* r = rows + (long)i * cols;
            Vector256<int> a = default;
            for (int c = 0; c < vectorCols; c += 32)
                a = AvxVnni.MultiplyWideningAndAdd(a, Vector256.Load(x + c), Vector256.Load(r + c));
            dots[i] = Vector256.Sum(a) + OffsetTail(r, x, vectorCols, cols) - 128 * rowSums[i];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Widen512(sbyte* rows, int cols, short* x, int* dots, int count)
    {
        int vectorCols = cols - cols % 32;
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            sbyte* r0 = rows + (long)i * cols, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
            Vector512<int> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int c = 0; c < vectorCols; c += 32)
            {
                var xv = Vector512.Load(x + c);
                a0 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(r0 + c)), xv);
                a1 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(r1 + c)), xv);
                a2 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(r2 + c)), xv);
                a3 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(r3 + c)), xv);
            }
            dots[i] = Vector512.Sum(a0) + WideTail(r0, x, vectorCols, cols);
            dots[i + 1] = Vector512.Sum(a1) + WideTail(r1, x, vectorCols, cols);
            dots[i + 2] = Vector512.Sum(a2) + WideTail(r2, x, vectorCols, cols);
            dots[i + 3] = Vector512.Sum(a3) + WideTail(r3, x, vectorCols, cols);
        }
        for (; i < count; i++)
        {
            sbyte* r = rows + (long)i * cols;
            Vector512<int> a = default;
            for (int c = 0; c < vectorCols; c += 32)
                a += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.Load(r + c)), Vector512.Load(x + c));
            dots[i] = Vector512.Sum(a) + WideTail(r, x, vectorCols, cols);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Widen256(sbyte* rows, int cols, short* x, int* dots, int count)
    {
        int vectorCols = cols - cols % 16;
        int i = 0;
        for (; i + 4 <= count; i += 4)
        {
            sbyte* r0 = rows + (long)i * cols, r1 = r0 + cols, r2 = r1 + cols, r3 = r2 + cols;
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int c = 0; c < vectorCols; c += 16)
            {
                var xv = Vector256.Load(x + c);
                a0 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(r0 + c), xv);
                a1 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(r1 + c), xv);
                a2 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(r2 + c), xv);
                a3 += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(r3 + c), xv);
            }
            dots[i] = Vector256.Sum(a0) + WideTail(r0, x, vectorCols, cols);
            dots[i + 1] = Vector256.Sum(a1) + WideTail(r1, x, vectorCols, cols);
            dots[i + 2] = Vector256.Sum(a2) + WideTail(r2, x, vectorCols, cols);
            dots[i + 3] = Vector256.Sum(a3) + WideTail(r3, x, vectorCols, cols);
        }
        for (; i < count; i++)
        {
            sbyte* r = rows + (long)i * cols;
            Vector256<int> a = default;
            for (int c = 0; c < vectorCols; c += 16)
                a += Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(r + c), Vector256.Load(x + c));
            dots[i] = Vector256.Sum(a) + WideTail(r, x, vectorCols, cols);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scalar(sbyte* rows, int cols, sbyte* x, int* dots, int count)
    {
        for (int i = 0; i < count; i++)
        {
            sbyte* r = rows + (long)i * cols;
            int sum = 0;
            for (int c = 0; c < cols; c++)
                sum += r[c] * x[c];
            dots[i] = sum;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int OffsetTail(sbyte* row, byte* x, int from, int cols)
    {
        int sum = 0;
        for (int c = from; c < cols; c++)
            sum += row[c] * x[c];
        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int WideTail(sbyte* row, short* x, int from, int cols)
    {
        int sum = 0;
        for (int c = from; c < cols; c++)
            sum += row[c] * x[c];
        return sum;
    }
}
