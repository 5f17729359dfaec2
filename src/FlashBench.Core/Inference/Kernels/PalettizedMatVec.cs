using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using FlashBench.Core.Compute;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>y = W·x for a <see cref="PalettizedMatrix"/>, decoding through the palette in registers: the group's palette
/// (widened to fp32 once) sits in vector registers, a full vector load gives a block of packed indices (lane j holds the
/// 8 or 16 consecutive indices of its 32 bits), a shift by a constant puts the next index of every lane in its low bits,
/// and a permute (vpermps) reads the palette entry per lane, then an FMA with a copy of x spread to the same column order
/// (<see cref="SpreadInput"/>). Per vector of weights that is one shift, one permute and one FMA, with no scalar load
/// or broadcast; a whole group's 8 rows share each load of x. AVX-512: vpermps zmm uses 4 index bits, so one register
/// holds a 16-entry palette, and a 2-bit palette is its 4 entries four times over (the index's upper two bits, the
/// next index, then select the same entry). AVX2: vpermps ymm uses 3 bits, so a 4-bit palette is two registers and the
/// index's bit 3, shifted to the sign, blends between them; a 2-bit palette is its 4 entries twice. Columns past the last
/// whole block (and CPUs without AVX2) take the scalar loop. fp32 accumulation; each y[r] by one thread in a fixed order
/// (thread count does not change the result).</summary>
public static unsafe class PalettizedMatVec
{
    [ThreadStatic]
    private static DotJob? t_job;

    /// <summary>How far ahead the kernels prefetch, in groups of rows (<see cref="Prefetch"/>): 4 groups (32 rows,
    /// ~64 KiB at 4 bits × 4096 columns) read 9.5 GB/s on one EPYC core where 1 group read 7.9 and none 7.1.</summary>
    private const int PrefetchGroups = 4;

    [ThreadStatic]
    private static SpreadInput? t_spread;

    public static void Multiply(PalettizedMatrix matrix, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool = null) =>
        Multiply(matrix, x, y, pool, SimdWidths.Best);

    public static void Multiply(PalettizedMatrix matrix, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        if (x.Length < matrix.Cols || y.Length < matrix.Rows)
            throw new ArgumentException($"matrix {matrix.Rows}×{matrix.Cols} does not fit the given spans");
        var path = PathFor(width);
        float* spread = path == Path.Scalar ? null
            : (t_spread ??= new SpreadInput()).Spread(x[..matrix.Cols], Lanes(path), 8, 16);
        fixed (float* xp = x)
        fixed (float* yp = y)
        {
            if (pool is null || pool.Threads == 1 || (long)matrix.Rows * matrix.Cols < HalfMatVec.ParallelThresholdWeights)
            {
                Groups(matrix, xp, spread, yp, path, 0, matrix.Groups);
                return;
            }
            var job = t_job ??= new DotJob();
            job.Set(matrix, xp, spread, yp, path, pool.Threads);
            pool.Run(job);
        }
    }

    /// <summary>Which code a product at <paramref name="width"/> runs on this CPU: "AVX-512", "AVX2" or "scalar".</summary>
    public static string PathName(SimdWidth width) => PathFor(width) switch
    {
        Path.V512 => "AVX-512",
        Path.V256 => "AVX2",
        _ => "scalar",
    };

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

    private enum Path { Scalar, V256, V512 }

    private static Path PathFor(SimdWidth width) =>
        width == SimdWidth.V512 && Avx512F.IsSupported ? Path.V512
        : width >= SimdWidth.V256 && Avx2.IsSupported && Fma.IsSupported ? Path.V256
        : Path.Scalar;

    private static int Lanes(Path path) => path == Path.V512 ? 16 : 8;

    /// <summary>Columns a block of one vector load of packed indices covers: lanes × (32 / bits).</summary>
    private static int BlockCols(Path path, int bits) => Lanes(path) * 32 / bits;

    private static void Groups(PalettizedMatrix matrix, float* x, float* spread, float* y, Path path, int first, int end)
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
                int blocked = path == Path.Scalar ? 0 : cols / BlockCols(path, bits) * BlockCols(path, bits);
                float* xs = bits == 4 ? spread : spread + cols;
                switch (path, bits)
                {
                    case (Path.V512, 4): Group4Bit512(rows, rowBytes, blocked, palette, xs, yg); break;
                    case (Path.V512, _): Group2Bit512(rows, rowBytes, blocked, palette, xs, yg); break;
                    case (Path.V256, 4):
                        Rows4Bit256(rows, rowBytes, blocked, palette, xs, yg);
                        Rows4Bit256(rows + 4 * rowBytes, rowBytes, blocked, palette, xs, yg + 4);
                        break;
                    case (Path.V256, _):
                        Rows2Bit256(rows, rowBytes, blocked, palette, xs, yg);
                        Rows2Bit256(rows + 4 * rowBytes, rowBytes, blocked, palette, xs, yg + 4);
                        break;
                    default:
                        new Span<float>(yg, PalettizedMatrix.GroupRows).Clear();
                        break;
                }
                if (blocked < cols)
                    AddScalar(rows, rowBytes, blocked, cols, bits, palette, x, yg);
            }
        }
    }

    /// <summary>A 4-bit group's 8 rows over <paramref name="blockedCols"/> columns, 128 per step (64 bytes of each row).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group4Bit512(byte* r0, int rowBytes, int blockedCols, float* palette, float* xs, float* y)
    {
        var table = Vector512.Load(palette);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        byte* ahead = r0 + PrefetchGroups * 8 * rowBytes;
        int step = 0;
        for (int c = 0; c < blockedCols; c += 128)
        {
            byte* p = r0 + c / 2;
            var w0 = Vector512.Load((uint*)p);
            var w1 = Vector512.Load((uint*)(p + rowBytes));
            var w2 = Vector512.Load((uint*)(p + 2 * rowBytes));
            var w3 = Vector512.Load((uint*)(p + 3 * rowBytes));
            var w4 = Vector512.Load((uint*)(p + 4 * rowBytes));
            var w5 = Vector512.Load((uint*)(p + 5 * rowBytes));
            var w6 = Vector512.Load((uint*)(p + 6 * rowBytes));
            var w7 = Vector512.Load((uint*)(p + 7 * rowBytes));
            Prefetch(ahead + 8 * step, 8);
            step += 64;
            float* xb = xs + c;
            for (int k = 0; k < 8; k++)
            {
                var xv = Vector512.Load(xb + 16 * k);
                a0 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w0.AsInt32()), xv, a0);
                a1 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w1.AsInt32()), xv, a1);
                a2 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w2.AsInt32()), xv, a2);
                a3 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w3.AsInt32()), xv, a3);
                a4 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w4.AsInt32()), xv, a4);
                a5 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w5.AsInt32()), xv, a5);
                a6 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w6.AsInt32()), xv, a6);
                a7 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w7.AsInt32()), xv, a7);
                w0 = Vector512.ShiftRightLogical(w0, 4);
                w1 = Vector512.ShiftRightLogical(w1, 4);
                w2 = Vector512.ShiftRightLogical(w2, 4);
                w3 = Vector512.ShiftRightLogical(w3, 4);
                w4 = Vector512.ShiftRightLogical(w4, 4);
                w5 = Vector512.ShiftRightLogical(w5, 4);
                w6 = Vector512.ShiftRightLogical(w6, 4);
                w7 = Vector512.ShiftRightLogical(w7, 4);
            }
        }
        y[0] = Vector512.Sum(a0);
        y[1] = Vector512.Sum(a1);
        y[2] = Vector512.Sum(a2);
        y[3] = Vector512.Sum(a3);
        y[4] = Vector512.Sum(a4);
        y[5] = Vector512.Sum(a5);
        y[6] = Vector512.Sum(a6);
        y[7] = Vector512.Sum(a7);
    }

    /// <summary>A 2-bit group's 8 rows, 256 columns per step; the palette's 4 entries fill the 16-entry table four times.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Group2Bit512(byte* r0, int rowBytes, int blockedCols, float* palette, float* xs, float* y)
    {
        var four = Vector128.Load(palette);
        var eight = Vector256.Create(four, four);
        var table = Vector512.Create(eight, eight);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        byte* ahead = r0 + PrefetchGroups * 8 * rowBytes;
        int step = 0;
        for (int c = 0; c < blockedCols; c += 256)
        {
            byte* p = r0 + c / 4;
            var w0 = Vector512.Load((uint*)p);
            var w1 = Vector512.Load((uint*)(p + rowBytes));
            var w2 = Vector512.Load((uint*)(p + 2 * rowBytes));
            var w3 = Vector512.Load((uint*)(p + 3 * rowBytes));
            var w4 = Vector512.Load((uint*)(p + 4 * rowBytes));
            var w5 = Vector512.Load((uint*)(p + 5 * rowBytes));
            var w6 = Vector512.Load((uint*)(p + 6 * rowBytes));
            var w7 = Vector512.Load((uint*)(p + 7 * rowBytes));
            Prefetch(ahead + 8 * step, 8);
            step += 64;
            float* xb = xs + c;
            for (int k = 0; k < 16; k++)
            {
                var xv = Vector512.Load(xb + 16 * k);
                a0 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w0.AsInt32()), xv, a0);
                a1 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w1.AsInt32()), xv, a1);
                a2 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w2.AsInt32()), xv, a2);
                a3 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w3.AsInt32()), xv, a3);
                a4 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w4.AsInt32()), xv, a4);
                a5 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w5.AsInt32()), xv, a5);
                a6 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w6.AsInt32()), xv, a6);
                a7 = Avx512F.FusedMultiplyAdd(Avx512F.PermuteVar16x32(table, w7.AsInt32()), xv, a7);
                w0 = Vector512.ShiftRightLogical(w0, 2);
                w1 = Vector512.ShiftRightLogical(w1, 2);
                w2 = Vector512.ShiftRightLogical(w2, 2);
                w3 = Vector512.ShiftRightLogical(w3, 2);
                w4 = Vector512.ShiftRightLogical(w4, 2);
                w5 = Vector512.ShiftRightLogical(w5, 2);
                w6 = Vector512.ShiftRightLogical(w6, 2);
                w7 = Vector512.ShiftRightLogical(w7, 2);
            }
        }
        y[0] = Vector512.Sum(a0);
        y[1] = Vector512.Sum(a1);
        y[2] = Vector512.Sum(a2);
        y[3] = Vector512.Sum(a3);
        y[4] = Vector512.Sum(a4);
        y[5] = Vector512.Sum(a5);
        y[6] = Vector512.Sum(a6);
        y[7] = Vector512.Sum(a7);
    }

    /// <summary>Four rows of a 4-bit group, 64 columns per step (32 bytes of each row): per 8 weights two permutes (entries
    /// 0–7 and 8–15), the index's bit 3 shifted to the sign to blend them, an FMA, a shift to the next index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows4Bit256(byte* r0, int rowBytes, int blockedCols, float* palette, float* xs, float* y)
    {
        var low = Vector256.Load(palette);
        var high = Vector256.Load(palette + 8);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        byte* ahead = r0 + (PrefetchGroups * 8 + 4) * rowBytes;
        int step = 0;
        for (int c = 0; c < blockedCols; c += 64)
        {
            byte* p = r0 + c / 2;
            var w0 = Vector256.Load((int*)p);
            var w1 = Vector256.Load((int*)(p + rowBytes));
            var w2 = Vector256.Load((int*)(p + 2 * rowBytes));
            var w3 = Vector256.Load((int*)(p + 3 * rowBytes));
            Prefetch(ahead + 4 * step, 2);
            step += 32;
            float* xb = xs + c;
            for (int k = 0; k < 8; k++)
            {
                var xv = Vector256.Load(xb + 8 * k);
                a0 = Fma.MultiplyAdd(Lookup16(w0, low, high), xv, a0);
                a1 = Fma.MultiplyAdd(Lookup16(w1, low, high), xv, a1);
                a2 = Fma.MultiplyAdd(Lookup16(w2, low, high), xv, a2);
                a3 = Fma.MultiplyAdd(Lookup16(w3, low, high), xv, a3);
                w0 = Vector256.ShiftRightLogical(w0.AsUInt32(), 4).AsInt32();
                w1 = Vector256.ShiftRightLogical(w1.AsUInt32(), 4).AsInt32();
                w2 = Vector256.ShiftRightLogical(w2.AsUInt32(), 4).AsInt32();
                w3 = Vector256.ShiftRightLogical(w3.AsUInt32(), 4).AsInt32();
            }
        }
        y[0] = Vector256.Sum(a0);
        y[1] = Vector256.Sum(a1);
        y[2] = Vector256.Sum(a2);
        y[3] = Vector256.Sum(a3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Lookup16(Vector256<int> index, Vector256<float> low, Vector256<float> high) =>
        Avx.BlendVariable(Avx2.PermuteVar8x32(low, index), Avx2.PermuteVar8x32(high, index), Vector256.ShiftLeft(index, 28).AsSingle());

    /// <summary>Four rows of a 2-bit group, 128 columns per step; the palette's 4 entries fill the 8-entry table twice.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows2Bit256(byte* r0, int rowBytes, int blockedCols, float* palette, float* xs, float* y)
    {
        var four = Vector128.Load(palette);
        var table = Vector256.Create(four, four);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        byte* ahead = r0 + (PrefetchGroups * 8 + 4) * rowBytes;
        int step = 0;
        for (int c = 0; c < blockedCols; c += 128)
        {
            byte* p = r0 + c / 4;
            var w0 = Vector256.Load((int*)p);
            var w1 = Vector256.Load((int*)(p + rowBytes));
            var w2 = Vector256.Load((int*)(p + 2 * rowBytes));
            var w3 = Vector256.Load((int*)(p + 3 * rowBytes));
            Prefetch(ahead + 4 * step, 2);
            step += 32;
            float* xb = xs + c;
            for (int k = 0; k < 16; k++)
            {
                var xv = Vector256.Load(xb + 8 * k);
                a0 = Fma.MultiplyAdd(Avx2.PermuteVar8x32(table, w0), xv, a0);
                a1 = Fma.MultiplyAdd(Avx2.PermuteVar8x32(table, w1), xv, a1);
                a2 = Fma.MultiplyAdd(Avx2.PermuteVar8x32(table, w2), xv, a2);
                a3 = Fma.MultiplyAdd(Avx2.PermuteVar8x32(table, w3), xv, a3);
                w0 = Vector256.ShiftRightLogical(w0.AsUInt32(), 2).AsInt32();
                w1 = Vector256.ShiftRightLogical(w1.AsUInt32(), 2).AsInt32();
                w2 = Vector256.ShiftRightLogical(w2.AsUInt32(), 2).AsInt32();
                w3 = Vector256.ShiftRightLogical(w3.AsUInt32(), 2).AsInt32();
            }
        }
        y[0] = Vector256.Sum(a0);
        y[1] = Vector256.Sum(a1);
        y[2] = Vector256.Sum(a2);
        y[3] = Vector256.Sum(a3);
    }

    /// <summary>Prefetches <paramref name="lines"/> cache lines from <paramref name="address"/>. The kernels consume a
    /// group's rows side by side, a few cache lines of each per step: as many short streams as rows, each too short (1–2 KiB)
    /// for the hardware prefetcher to get ahead of before the next group starts. So each step prefetches as many bytes as
    /// it consumes, linearly, one stretch of rows ahead (the next rows' bytes come right after these in memory), and DRAM
    /// latency is hidden for the next rows whatever their layout. A prefetch past the array's end does not fault.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(byte* address, int lines)
    {
        for (int i = 0; i < lines; i++)
            Sse.Prefetch0(address + 64 * i);
    }

    /// <summary>Adds columns <paramref name="from"/> … cols − 1 of the group's 8 rows one by one (the columns past the last
    /// whole block, or all of them without AVX2).</summary>
    private static void AddScalar(byte* r0, int rowBytes, int from, int cols, int bits, float* palette, float* x, float* y)
    {
        // Shifts, not c / perByte and c % perByte: perByte is not a constant here, so those were two integer divisions per
        // weight on this tail (96 of the AFM down projection's 8032 columns per row).
        int byteShift = bits == 4 ? 1 : 2, inByte = (1 << byteShift) - 1, mask = (1 << bits) - 1;
        for (int r = 0; r < PalettizedMatrix.GroupRows; r++)
        {
            byte* row = r0 + r * rowBytes;
            float sum = 0;
            for (int c = from; c < cols; c++)
                sum = MathF.FusedMultiplyAdd(palette[(row[c >> byteShift] >> (bits * (c & inByte))) & mask], x[c], sum);
            y[r] += sum;
        }
    }

    private sealed class DotJob : ChunkedJob
    {
        private PalettizedMatrix? _matrix;
        private float* _x;
        private float* _spread;
        private float* _y;
        private Path _path;

        public void Set(PalettizedMatrix matrix, float* x, float* spread, float* y, Path path, int threads)
        {
            _matrix = matrix;
            _x = x;
            _spread = spread;
            _y = y;
            _path = path;
            Prepare(matrix.Groups, threads, granularity: 1);
        }

        protected override void Execute(int start, int end) => Groups(_matrix!, _x, _spread, _y, _path, start, end);
    }
}
