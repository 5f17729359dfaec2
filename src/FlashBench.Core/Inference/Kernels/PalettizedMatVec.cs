using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FlashBench.Core.Compute;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>y = W·x for a <see cref="PalettizedMatrix"/>, decoding through the palette in registers: the group's palette
/// (widened to fp32 once) sits in vector registers, a 32-bit load gives 8 or 16 indices, a variable shift puts each in
/// its lane, and a permute (vpermps) reads the palette entry per lane, then an FMA with x. AVX-512: one register holds a
/// 16-entry palette (vpermps zmm uses 4 index bits). AVX2: vpermps ymm uses 3 bits, so a 4-bit palette is two registers
/// and the index's bit 3 blends between them; a 2-bit palette is its 4 entries twice. Other CPUs: the scalar loop.
/// fp32 accumulation; each y[r] by one thread in a fixed order (thread count does not change the result).</summary>
public static unsafe class PalettizedMatVec
{
    [ThreadStatic]
    private static DotJob? t_job;

    public static void Multiply(PalettizedMatrix matrix, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool = null) =>
        Multiply(matrix, x, y, pool, SimdWidths.Best);

    public static void Multiply(PalettizedMatrix matrix, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (x.Length < matrix.Cols || y.Length < matrix.Rows)
            throw new ArgumentException($"matrix {matrix.Rows}×{matrix.Cols} does not fit the given spans");
        fixed (float* xp = x)
        fixed (float* yp = y)
        {
            if (pool is null || pool.Threads == 1 || (long)matrix.Rows * matrix.Cols < HalfMatVec.ParallelThresholdWeights)
            {
                Groups(matrix, xp, yp, width, 0, matrix.Groups);
                return;
            }
            var job = t_job ??= new DotJob();
            job.Set(matrix, xp, yp, width, pool.Threads);
            pool.Run(job);
        }
    }

    /// <summary>The reference: each weight read through <see cref="PalettizedMatrix.Weight"/>, summed in double.</summary>
    public static double[] Reference(PalettizedMatrix matrix, ReadOnlySpan<float> x)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var y = new double[matrix.Rows];
        for (int r = 0; r < matrix.Rows; r++)
        {
            double sum = 0;
            for (int c = 0; c < matrix.Cols; c++)
                sum += (double)matrix.Weight(r, c) * x[c];
            y[r] = sum;
        }
        return y;
    }

    private static void Groups(PalettizedMatrix matrix, float* x, float* y, SimdWidth width, int first, int end)
    {
        fixed (byte* indices = matrix.Indices)
        fixed (float* palettes = matrix.WidePalettes)
        {
            int cols = matrix.Cols;
            for (int g = first; g < end; g++)
            {
                int bits = matrix.Bits[g];
                int rowBytes = PalettizedMatrix.RowBytes(bits, cols);
                byte* rows = indices + matrix.Offsets[g];
                float* palette = palettes + g * 16;
                float* yg = y + g * PalettizedMatrix.GroupRows;
                for (int r = 0; r < PalettizedMatrix.GroupRows; r += 4)
                {
                    byte* r0 = rows + r * rowBytes;
                    if (width == SimdWidth.V512 && Avx512F.IsSupported)
                    {
                        if (bits == 4)
                            Dot4Bit512(r0, rowBytes, cols, palette, x, yg + r);
                        else
                            Dot2Bit512(r0, rowBytes, cols, palette, x, yg + r);
                    }
                    else if (width >= SimdWidth.V256 && Avx2.IsSupported && Fma.IsSupported)
                    {
                        if (bits == 4)
                            Dot4Bit256(r0, rowBytes, cols, palette, x, yg + r);
                        else
                            Dot2Bit256(r0, rowBytes, cols, palette, x, yg + r);
                    }
                    else
                    {
                        DotScalar(r0, rowBytes, cols, bits, palette, x, yg + r);
                    }
                }
            }
        }
    }

    /// <summary>Four rows; per 16 weights of a row: a 64-bit load, two broadcasts, a variable shift, a permute, an FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4Bit512(byte* r0, int rowBytes, int cols, float* palette, float* x, float* y)
    {
        var table = Vector512.Load(palette);
        var shifts = Vector512.Create(0u, 4, 8, 12, 16, 20, 24, 28, 0, 4, 8, 12, 16, 20, 24, 28);
        var spread = Vector512.Create(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
        byte* r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int c = 0; c < cols; c += 16)
        {
            var xv = Vector512.Load(x + c);
            int b = c / 2;
            a0 = Avx512F.FusedMultiplyAdd(Lookup16(*(ulong*)(r0 + b), table, shifts, spread), xv, a0);
            a1 = Avx512F.FusedMultiplyAdd(Lookup16(*(ulong*)(r1 + b), table, shifts, spread), xv, a1);
            a2 = Avx512F.FusedMultiplyAdd(Lookup16(*(ulong*)(r2 + b), table, shifts, spread), xv, a2);
            a3 = Avx512F.FusedMultiplyAdd(Lookup16(*(ulong*)(r3 + b), table, shifts, spread), xv, a3);
        }
        y[0] = Vector512.Sum(a0);
        y[1] = Vector512.Sum(a1);
        y[2] = Vector512.Sum(a2);
        y[3] = Vector512.Sum(a3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Lookup16(ulong packed, Vector512<float> table, Vector512<uint> shifts, Vector512<int> spread)
    {
        var words = Avx512F.PermuteVar16x32(Vector512.CreateScalarUnsafe(packed).AsInt32(), spread).AsUInt32();
        return Avx512F.PermuteVar16x32(table, Avx512F.ShiftRightLogicalVariable(words, shifts).AsInt32());
    }

    /// <summary>Four rows; per 16 weights of a row: a 32-bit broadcast load, a variable shift, a permute, an FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot2Bit512(byte* r0, int rowBytes, int cols, float* palette, float* x, float* y)
    {
        var four = Vector128.Load(palette);
        var eight = Vector256.Create(four, four);
        var table = Vector512.Create(eight, eight);
        var shifts = Vector512.Create(0u, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        byte* r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int c = 0; c < cols; c += 16)
        {
            var xv = Vector512.Load(x + c);
            int b = c / 4;
            a0 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, Avx512F.ShiftRightLogicalVariable(Vector512.Create(*(uint*)(r0 + b)), shifts).AsInt32()), xv, a0);
            a1 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, Avx512F.ShiftRightLogicalVariable(Vector512.Create(*(uint*)(r1 + b)), shifts).AsInt32()), xv, a1);
            a2 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, Avx512F.ShiftRightLogicalVariable(Vector512.Create(*(uint*)(r2 + b)), shifts).AsInt32()), xv, a2);
            a3 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, Avx512F.ShiftRightLogicalVariable(Vector512.Create(*(uint*)(r3 + b)), shifts).AsInt32()), xv, a3);
        }
        y[0] = Vector512.Sum(a0);
        y[1] = Vector512.Sum(a1);
        y[2] = Vector512.Sum(a2);
        y[3] = Vector512.Sum(a3);
    }

    /// <summary>Four rows; per 8 weights of a row: a 32-bit broadcast load, a variable shift, two permutes (entries 0–7 and
    /// 8–15), the index's bit 3 moved to the sign to blend them, an FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4Bit256(byte* r0, int rowBytes, int cols, float* palette, float* x, float* y)
    {
        var low = Vector256.Load(palette);
        var high = Vector256.Load(palette + 8);
        var shifts = Vector256.Create(0u, 4, 8, 12, 16, 20, 24, 28);
        byte* r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int c = 0; c < cols; c += 8)
        {
            var xv = Vector256.Load(x + c);
            int b = c / 2;
            a0 = Fma.MultiplyAdd(Lookup8(*(uint*)(r0 + b), low, high, shifts), xv, a0);
            a1 = Fma.MultiplyAdd(Lookup8(*(uint*)(r1 + b), low, high, shifts), xv, a1);
            a2 = Fma.MultiplyAdd(Lookup8(*(uint*)(r2 + b), low, high, shifts), xv, a2);
            a3 = Fma.MultiplyAdd(Lookup8(*(uint*)(r3 + b), low, high, shifts), xv, a3);
        }
        y[0] = Vector256.Sum(a0);
        y[1] = Vector256.Sum(a1);
        y[2] = Vector256.Sum(a2);
        y[3] = Vector256.Sum(a3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Lookup8(uint packed, Vector256<float> low, Vector256<float> high, Vector256<uint> shifts)
    {
        var index = Avx2.ShiftRightLogicalVariable(Vector256.Create(packed), shifts).AsInt32();
        var upper = Avx2.ShiftLeftLogical(index, 28).AsSingle();
        return Avx.BlendVariable(Avx2.PermuteVar8x32(low, index), Avx2.PermuteVar8x32(high, index), upper);
    }

    /// <summary>Four rows; per 8 weights of a row: a 16-bit load, a broadcast, a variable shift, a permute, an FMA.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot2Bit256(byte* r0, int rowBytes, int cols, float* palette, float* x, float* y)
    {
        var four = Vector128.Load(palette);
        var table = Vector256.Create(four, four);
        var shifts = Vector256.Create(0u, 2, 4, 6, 8, 10, 12, 14);
        byte* r1 = r0 + rowBytes, r2 = r1 + rowBytes, r3 = r2 + rowBytes;
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (int c = 0; c < cols; c += 8)
        {
            var xv = Vector256.Load(x + c);
            int b = c / 4;
            a0 = Fma.MultiplyAdd(Avx2.PermuteVar8x32(table, Avx2.ShiftRightLogicalVariable(Vector256.Create((uint)*(ushort*)(r0 + b)), shifts).AsInt32()), xv, a0);
            a1 = Fma.MultiplyAdd(Avx2.PermuteVar8x32(table, Avx2.ShiftRightLogicalVariable(Vector256.Create((uint)*(ushort*)(r1 + b)), shifts).AsInt32()), xv, a1);
            a2 = Fma.MultiplyAdd(Avx2.PermuteVar8x32(table, Avx2.ShiftRightLogicalVariable(Vector256.Create((uint)*(ushort*)(r2 + b)), shifts).AsInt32()), xv, a2);
            a3 = Fma.MultiplyAdd(Avx2.PermuteVar8x32(table, Avx2.ShiftRightLogicalVariable(Vector256.Create((uint)*(ushort*)(r3 + b)), shifts).AsInt32()), xv, a3);
        }
        y[0] = Vector256.Sum(a0);
        y[1] = Vector256.Sum(a1);
        y[2] = Vector256.Sum(a2);
        y[3] = Vector256.Sum(a3);
    }

    private static void DotScalar(byte* r0, int rowBytes, int cols, int bits, float* palette, float* x, float* y)
    {
        int perByte = 8 / bits, mask = (1 << bits) - 1;
        for (int r = 0; r < 4; r++)
        {
            byte* row = r0 + r * rowBytes;
            float sum = 0;
            for (int c = 0; c < cols; c++)
                sum = MathF.FusedMultiplyAdd(palette[(row[c / perByte] >> (bits * (c % perByte))) & mask], x[c], sum);
            y[r] = sum;
        }
    }

    private sealed class DotJob : ChunkedJob
    {
        private PalettizedMatrix? _matrix;
        private float* _x;
        private float* _y;
        private SimdWidth _width;

        public void Set(PalettizedMatrix matrix, float* x, float* y, SimdWidth width, int threads)
        {
            _matrix = matrix;
            _x = x;
            _y = y;
            _width = width;
            Prepare(matrix.Groups, threads, granularity: 1);
        }

        protected override void Execute(int start, int end) => Groups(_matrix!, _x, _y, _width, start, end);
    }
}
