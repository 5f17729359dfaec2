using FlashBench.Core.Compute;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>y = W·x for a row-major fp16 matrix with fp32 accumulation, fp16 widened in registers, eight rows per
/// pass, rows split across the threads of a <see cref="ComputePool"/> in chunks. Each y[r] is computed by one
/// thread in a fixed order, so the result does not depend on the thread count. Weights stay fp16 in DRAM
/// (half the memory of the paper's fp32 CPU runs).</summary>
public static unsafe class HalfMatVec
{
    /// <summary>Below this many weights (128 KiB of fp16, a few microseconds of work) a product runs on the calling
    /// thread: waking the pool would cost a noticeable share of it.</summary>
    public const long ParallelThresholdWeights = 1 << 16;

    [ThreadStatic]
    private static DotJob? t_job;

    public static void Multiply(ReadOnlySpan<Half> weights, int rows, int cols, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool = null) =>
        Multiply(weights, rows, cols, x, y, pool, SimdWidths.Best);

    public static void Multiply(ReadOnlySpan<Half> weights, int rows, int cols, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool, SimdWidth width)
    {
        if (rows < 0 || cols < 0 || weights.Length < (long)rows * cols || x.Length < cols || y.Length < rows)
            throw new ArgumentException($"matrix {rows}×{cols} does not fit the given spans");
        fixed (Half* w = weights)
        fixed (float* xp = x)
        fixed (float* yp = y)
            Multiply((ushort*)w, cols, rows, cols, xp, yp, pool, width);
    }

    /// <summary>Rows at <paramref name="stride"/> halves apart (≥ cols): a matrix embedded in a wider one.</summary>
    internal static void Multiply(ushort* weights, long stride, int rows, int cols, float* x, float* y, ComputePool? pool, SimdWidth width)
    {
        if (pool is null || pool.Threads == 1 || (long)rows * cols < ParallelThresholdWeights)
        {
            HalfRows.Dot(width, weights, stride, cols, x, y, rows);
            return;
        }
        var job = t_job ??= new DotJob();
        job.Set(weights, stride, rows, cols, x, y, width, pool.Threads);
        pool.Run(job);
    }

    private sealed class DotJob : ChunkedJob
    {
        private ushort* _weights;
        private long _stride;
        private int _cols;
        private float* _x;
        private float* _y;
        private SimdWidth _width;

        public void Set(ushort* weights, long stride, int rows, int cols, float* x, float* y, SimdWidth width, int threads)
        {
            _weights = weights;
            _stride = stride;
            _cols = cols;
            _x = x;
            _y = y;
            _width = width;
            Prepare(rows, threads, granularity: 8);
        }

        protected override void Execute(int start, int end) =>
            HalfRows.Dot(_width, _weights + start * _stride, _stride, _cols, _x, _y + start, end - start);
    }
}
