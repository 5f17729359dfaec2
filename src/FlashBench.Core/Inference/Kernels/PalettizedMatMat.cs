using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using FlashBench.Core.Compute;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>Y = X·Wᵀ for a batch of tokens (a prompt's prefill) over a <see cref="PalettizedMatrix"/>: X is tokens × cols,
/// Y tokens × rows, both row-major fp32. The weights are decoded through the palette once per block of
/// <see cref="TokenBlock"/> tokens, not once per token as <see cref="PalettizedMatVec"/> does: per block, per group of 8
/// rows and per <see cref="ChunkCols"/> columns, a byte lookup table (a 4-bit group: byte → 2 fp32 entries; a 2-bit group:
/// byte → 4) expands the packed indices into 16 KiB of fp32 weights in natural column order, which every token of the
/// block then multiplies in tiles of 2 rows × 4 tokens (8 vector accumulators, 6 loads per 8 FMAs). A block of tokens'
/// inputs (128 × cols fp32) stays in the last-level cache while all groups pass over it. Groups run on the
/// <see cref="ComputePool"/>, each y[t, r] by one thread in a fixed order. fp32 accumulation in a different order than the
/// matrix-vector kernel: results agree to rounding, not bit for bit.</summary>
public static unsafe class PalettizedMatMat
{
    public const int ChunkCols = 512;

    /// <summary>Tokens whose inputs one pass over the weights serves: 128 × 8032 fp32 = 4 MiB at the widest input.</summary>
    public const int TokenBlock = 128;

    private const int TileTokens = 4;

    [ThreadStatic]
    private static Scratch? t_scratch;

    [ThreadStatic]
    private static BatchJob? t_job;

    /// <summary>"AVX-512", "AVX2" or "scalar": the vector width the tiles run at here.</summary>
    public static string PathName => Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : "scalar";

    public static void Multiply(PalettizedMatrix matrix, ReadOnlySpan<float> x, int tokens, Span<float> y, ComputePool? pool = null)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tokens);
        if (x.Length < (long)tokens * matrix.Cols || y.Length < (long)tokens * matrix.Rows)
            throw new ArgumentException($"matrix {matrix.Rows}×{matrix.Cols} × {tokens} tokens does not fit the given spans");
        fixed (float* xp = x)
        fixed (float* yp = y)
        {
            for (int t0 = 0; t0 < tokens; t0 += TokenBlock)
            {
                int count = Math.Min(TokenBlock, tokens - t0);
                float* xb = xp + (long)t0 * matrix.Cols, yb = yp + (long)t0 * matrix.Rows;
                if (pool is null || pool.Threads == 1)
                {
                    Groups(matrix, xb, yb, count, 0, matrix.Groups);
                    continue;
                }
                var job = t_job ??= new BatchJob();
                job.Set(matrix, xb, yb, count, pool.Threads);
                pool.Run(job);
            }
        }
    }

    /// <summary>The reference for one token: the matrix-vector reference of row <paramref name="token"/> of X.</summary>
    public static double[] Reference(PalettizedMatrix matrix, ReadOnlySpan<float> x, int token) =>
        PalettizedMatVec.Reference(matrix, x.Slice(token * matrix.Cols, matrix.Cols));

    private static void Groups(PalettizedMatrix matrix, float* x, float* y, int tokens, int first, int end)
    {
        var scratch = t_scratch ??= new Scratch();
        int cols = matrix.Cols, rows = matrix.Rows;
        fixed (byte* indices = matrix.Indices)
        fixed (float* palettes = matrix.WidePalettes)
        {
            for (int g = first; g < end; g++)
            {
                int bits = matrix.Bits[g];
                int rowBytes = PalettizedMatrix.RowBytes(bits, cols);
                byte* groupRows = indices + matrix.Offsets[g];
                scratch.BuildTable(palettes + g * 16, bits);
                float* yg = y + g * PalettizedMatrix.GroupRows;
                for (int t = 0; t < tokens; t++)
                    new Span<float>(yg + (long)t * rows, PalettizedMatrix.GroupRows).Clear();
                for (int c0 = 0; c0 < cols; c0 += ChunkCols)
                {
                    int n = Math.Min(ChunkCols, cols - c0);
                    scratch.Decode(groupRows, rowBytes, bits, c0, n);
                    Tiles(scratch.Weights, n, x + c0, cols, yg, rows, tokens);
                }
            }
        }
    }

    private static void Tiles(float* w, int n, float* x, int cols, float* y, int rows, int tokens)
    {
        for (int t = 0; t < tokens; t += TileTokens)
        {
            int count = Math.Min(TileTokens, tokens - t);
            float* xt = x + (long)t * cols;
            float* yt = y + (long)t * rows;
            for (int r = 0; r < PalettizedMatrix.GroupRows; r += 2)
            {
                float* w0 = w + r * ChunkCols;
                if (count == TileTokens)
                {
                    if (Vector512.IsHardwareAccelerated)
                        Tile512(w0, w0 + ChunkCols, xt, cols, n, yt + r, rows);
                    else if (Vector256.IsHardwareAccelerated)
                        Tile256(w0, w0 + ChunkCols, xt, cols, n, yt + r, rows);
                    else
                        TileScalar(w0, xt, cols, n, yt + r, rows, TileTokens);
                }
                else
                {
                    TileScalar(w0, xt, cols, n, yt + r, rows, count);
                }
            }
        }
    }

    /// <summary>Rows w0 and w1 against 4 tokens' inputs (x, x + stride, …): y[k·rows + 0/1] += the 8 dot products.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile512(float* w0, float* w1, float* x, int stride, int n, float* y, int rows)
    {
        Vector512<float> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
        float* x1 = x + stride, x2 = x1 + stride, x3 = x2 + stride;
        for (int c = 0; c < n; c += 16)
        {
            var v0 = Vector512.Load(w0 + c);
            var v1 = Vector512.Load(w1 + c);
            var u0 = Vector512.Load(x + c);
            var u1 = Vector512.Load(x1 + c);
            var u2 = Vector512.Load(x2 + c);
            var u3 = Vector512.Load(x3 + c);
            a00 = Vector512.FusedMultiplyAdd(v0, u0, a00);
            a01 = Vector512.FusedMultiplyAdd(v0, u1, a01);
            a02 = Vector512.FusedMultiplyAdd(v0, u2, a02);
            a03 = Vector512.FusedMultiplyAdd(v0, u3, a03);
            a10 = Vector512.FusedMultiplyAdd(v1, u0, a10);
            a11 = Vector512.FusedMultiplyAdd(v1, u1, a11);
            a12 = Vector512.FusedMultiplyAdd(v1, u2, a12);
            a13 = Vector512.FusedMultiplyAdd(v1, u3, a13);
        }
        y[0] += Vector512.Sum(a00);
        y[1] += Vector512.Sum(a10);
        y[rows] += Vector512.Sum(a01);
        y[rows + 1] += Vector512.Sum(a11);
        y[2 * rows] += Vector512.Sum(a02);
        y[2 * rows + 1] += Vector512.Sum(a12);
        y[3 * rows] += Vector512.Sum(a03);
        y[3 * rows + 1] += Vector512.Sum(a13);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile256(float* w0, float* w1, float* x, int stride, int n, float* y, int rows)
    {
        Vector256<float> a00 = default, a01 = default, a02 = default, a03 = default, a10 = default, a11 = default, a12 = default, a13 = default;
        float* x1 = x + stride, x2 = x1 + stride, x3 = x2 + stride;
        for (int c = 0; c < n; c += 8)
        {
            var v0 = Vector256.Load(w0 + c);
            var v1 = Vector256.Load(w1 + c);
            var u0 = Vector256.Load(x + c);
            var u1 = Vector256.Load(x1 + c);
            var u2 = Vector256.Load(x2 + c);
            var u3 = Vector256.Load(x3 + c);
            a00 = Vector256.FusedMultiplyAdd(v0, u0, a00);
            a01 = Vector256.FusedMultiplyAdd(v0, u1, a01);
            a02 = Vector256.FusedMultiplyAdd(v0, u2, a02);
            a03 = Vector256.FusedMultiplyAdd(v0, u3, a03);
            a10 = Vector256.FusedMultiplyAdd(v1, u0, a10);
            a11 = Vector256.FusedMultiplyAdd(v1, u1, a11);
            a12 = Vector256.FusedMultiplyAdd(v1, u2, a12);
            a13 = Vector256.FusedMultiplyAdd(v1, u3, a13);
        }
        y[0] += Vector256.Sum(a00);
        y[1] += Vector256.Sum(a10);
        y[rows] += Vector256.Sum(a01);
        y[rows + 1] += Vector256.Sum(a11);
        y[2 * rows] += Vector256.Sum(a02);
        y[2 * rows + 1] += Vector256.Sum(a12);
        y[3 * rows] += Vector256.Sum(a03);
        y[3 * rows + 1] += Vector256.Sum(a13);
    }

    /// <summary>The last tokens of a block (fewer than a tile) and CPUs without vectors: two rows, token by token.</summary>
    private static void TileScalar(float* w0, float* x, int stride, int n, float* y, int rows, int tokens)
    {
        var r0 = new ReadOnlySpan<float>(w0, n);
        var r1 = new ReadOnlySpan<float>(w0 + ChunkCols, n);
        for (int k = 0; k < tokens; k++)
        {
            var xk = new ReadOnlySpan<float>(x + (long)k * stride, n);
            y[(long)k * rows] += System.Numerics.Tensors.TensorPrimitives.Dot(r0, xk);
            y[(long)k * rows + 1] += System.Numerics.Tensors.TensorPrimitives.Dot(r1, xk);
        }
    }

    /// <summary>One thread's decoded weights (8 rows × <see cref="ChunkCols"/> fp32) and the current group's byte table.</summary>
    private sealed class Scratch
    {
        private readonly float[] _weights = GC.AllocateArray<float>(PalettizedMatrix.GroupRows * ChunkCols, pinned: true);
        // 256 bytes × up to 4 entries each
        private readonly float[] _table = GC.AllocateArray<float>(256 * 4, pinned: true);

        public float* Weights => (float*)Unsafe.AsPointer(ref _weights[0]);

        private float* Table => (float*)Unsafe.AsPointer(ref _table[0]);

        /// <summary>Every byte of packed indices to its 2 (4-bit) or 4 (2-bit) palette entries, in column order.</summary>
        public void BuildTable(float* palette, int bits)
        {
            float* table = Table;
            for (int b = 0; b < 256; b++)
            {
                if (bits == 4)
                {
                    table[2 * b] = palette[b & 15];
                    table[2 * b + 1] = palette[b >> 4];
                }
                else
                {
                    table[4 * b] = palette[b & 3];
                    table[4 * b + 1] = palette[(b >> 2) & 3];
                    table[4 * b + 2] = palette[(b >> 4) & 3];
                    table[4 * b + 3] = palette[b >> 6];
                }
            }
        }

        /// <summary>Columns <paramref name="c0"/> … c0 + n − 1 of the group's 8 rows into <see cref="Weights"/>.</summary>
        public void Decode(byte* groupRows, int rowBytes, int bits, int c0, int n)
        {
            float* table = Table;
            float* weights = Weights;
            for (int r = 0; r < PalettizedMatrix.GroupRows; r++)
            {
                byte* row = groupRows + (long)r * rowBytes;
                float* destination = weights + r * ChunkCols;
                if (bits == 4)
                {
                    byte* source = row + c0 / 2;
                    long* pairs = (long*)table;
                    for (int b = 0; b < n / 2; b++)
                        ((long*)destination)[b] = pairs[source[b]];
                }
                else
                {
                    byte* source = row + c0 / 4;
                    var quads = (Vector128<float>*)table;
                    for (int b = 0; b < n / 4; b++)
                        ((Vector128<float>*)destination)[b] = quads[source[b]];
                }
            }
        }
    }

    private sealed class BatchJob : ChunkedJob
    {
        private PalettizedMatrix? _matrix;
        private float* _x;
        private float* _y;
        private int _tokens;

        public void Set(PalettizedMatrix matrix, float* x, float* y, int tokens, int threads)
        {
            _matrix = matrix;
            _x = x;
            _y = y;
            _tokens = tokens;
            Prepare(matrix.Groups, threads, granularity: 1);
        }

        protected override void Execute(int start, int end) => Groups(_matrix!, _x, _y, _tokens, start, end);
    }
}
