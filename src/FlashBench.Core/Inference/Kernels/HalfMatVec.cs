using FlashBench.Core.Compute;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>y = W·x for a row-major fp16 matrix with fp32 accumulation, fp16 widened in registers, eight rows per
/// pass, rows split across the threads of a <see cref="ComputePool"/> in chunks. Each y[r] is computed by one
/// thread in a fixed order, so the result does not depend on the thread count. Weights stay fp16 in DRAM
/// (half the memory of the paper's fp32 CPU runs).
/// <para>Two entries. A <see cref="HalfMatrix"/> (built once, for a matrix that stays in DRAM) runs the fast
/// widening (<see cref="HalfBits.ToScaledNormal"/>: a few integer operations per vector, no test, no branch) against
/// x · 2¹¹², then adds each row's subnormal halves from its list: exact, at the speed of the conversion that ignores
/// subnormals. A bare span (weights seen once, e.g. read from flash this token) takes the exact path with a branch per
/// vector for zeros and subnormals, or, where denormal inputs are free (<see cref="DenormalInputs.AreFree"/>), the same
/// widening as a resident matrix with the subnormal halves kept as float denormals. Both read every finite half exactly; they differ only in summation order.</para></summary>
public static unsafe class HalfMatVec
{
    /// <summary>Below this many weights (128 KiB of fp16, a few microseconds of work) a product runs on the calling
    /// thread: waking the pool would cost a noticeable share of it.</summary>
    public const long ParallelThresholdWeights = 1 << 16;

    [ThreadStatic]
    private static DotJob? t_job;

    [ThreadStatic]
    private static ScaledInput? t_scaled;

    public static void Multiply(ReadOnlySpan<Half> weights, int rows, int cols, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool = null) =>
        Multiply(weights, rows, cols, x, y, pool, SimdWidths.Best);

    public static void Multiply(ReadOnlySpan<Half> weights, int rows, int cols, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool, SimdWidth width)
    {
        Check(weights.Length, rows, cols, x, y);
        // where denormal inputs are free, rows seen once take the branch-free widening too (subnormal halves as float
        // denormals against x · 2¹¹², exact, no list): on an AVX2-only EPYC the test per vector of the exact widening ran
        // a DRAM-sized product at ~12 GB/s against ~29 GB/s without it
        float* scaled = DenormalInputs.AreFree ? (t_scaled ??= new ScaledInput()).Scale(x[..cols]) : null;
        fixed (Half* w = weights)
        fixed (float* xp = x)
        fixed (float* yp = y)
        {
            if (scaled is null)
                Multiply((ushort*)w, cols, rows, cols, xp, yp, pool, width);
            else
                Run((ushort*)w, cols, rows, cols, scaled, xp, yp, default, keepSubnormals: true, pool, width);
        }
    }

    /// <summary>y = W·x with W's subnormal list: the fast path (falls back to the exact one when some |x| ≥ 2¹⁶, whose
    /// scaled copy would overflow).</summary>
    public static void Multiply(HalfMatrix matrix, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool = null) =>
        Multiply(matrix, x, y, pool, SimdWidths.Best);

    public static void Multiply(HalfMatrix matrix, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool, SimdWidth width) =>
        Multiply(matrix, x, y, pool, width, DenormalInputs.AreFree);

    /// <summary><paramref name="keepSubnormals"/>: widen with <see cref="ScaledWidening"/> (subnormal halves as float
    /// denormals, no corrections), else <see cref="NormalWidening"/> plus the matrix's correction list. Both exact; tests
    /// run both whatever this CPU's <see cref="DenormalInputs.AreFree"/>.</summary>
    public static void Multiply(HalfMatrix matrix, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool, SimdWidth width, bool keepSubnormals)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int rows = matrix.Rows, cols = matrix.Cols;
        Check(matrix.Weights.Length, rows, cols, x, y);
        float* scaled = (t_scaled ??= new ScaledInput()).Scale(x[..cols]);
        fixed (Half* w = matrix.Weights.Span)
        fixed (float* xp = x)
        fixed (float* yp = y)
        {
            if (scaled is null)
                Multiply((ushort*)w, cols, rows, cols, xp, yp, pool, width);
            else
                Run((ushort*)w, cols, rows, cols, scaled, xp, yp, matrix.Corrections.View, keepSubnormals, pool, width);
        }
    }

    /// <summary>Rows at <paramref name="stride"/> halves apart (≥ cols): a matrix embedded in a wider one. Exact path.</summary>
    internal static void Multiply(ushort* weights, long stride, int rows, int cols, float* x, float* y, ComputePool? pool, SimdWidth width) =>
        Run(weights, stride, rows, cols, x, null, y, default, false, pool, width);

    private static void Check(int length, int rows, int cols, ReadOnlySpan<float> x, Span<float> y)
    {
        if (rows < 0 || cols < 0 || length < (long)rows * cols || x.Length < cols || y.Length < rows)
            throw new ArgumentException($"matrix {rows}×{cols} does not fit the given spans");
    }

    /// <summary>Fast path when <paramref name="x"/> is given (then <paramref name="input"/> is x · 2¹¹²), exact otherwise.</summary>
    private static void Run(ushort* weights, long stride, int rows, int cols, float* input, float* x, float* y,
        SubnormalView corrections, bool keepSubnormals, ComputePool? pool, SimdWidth width)
    {
        if (pool is null || pool.Threads == 1 || (long)rows * cols < ParallelThresholdWeights)
        {
            Rows(weights, stride, cols, input, x, y, corrections, keepSubnormals, width, 0, rows);
            return;
        }
        var job = t_job ??= new DotJob();
        job.Set(weights, stride, rows, cols, input, x, y, corrections, keepSubnormals, width, pool.Threads);
        pool.Run(job);
    }

    private static void Rows(ushort* weights, long stride, int cols, float* input, float* x, float* y,
        SubnormalView corrections, bool keepSubnormals, SimdWidth width, int start, int end)
    {
        if (x is null)
        {
            HalfRows.Dot(width, weights + start * stride, stride, cols, input, y + start, end - start);
            return;
        }
        if (keepSubnormals)
        {
            HalfRows.DotScaled(width, weights + start * stride, stride, cols, input, y + start, end - start);
            return;
        }
        HalfRows.DotNormal(width, weights + start * stride, stride, cols, input, y + start, end - start);
        corrections.AddProducts(start, end - start, x, y + start);
    }

    private sealed class DotJob : ChunkedJob
    {
        private ushort* _weights;
        private long _stride;
        private int _cols;
        private float* _input;
        private float* _x;
        private float* _y;
        private SubnormalView _corrections;
        private bool _keepSubnormals;
        private SimdWidth _width;

        public void Set(ushort* weights, long stride, int rows, int cols, float* input, float* x, float* y,
            SubnormalView corrections, bool keepSubnormals, SimdWidth width, int threads)
        {
            _keepSubnormals = keepSubnormals;
            _weights = weights;
            _stride = stride;
            _cols = cols;
            _input = input;
            _x = x;
            _y = y;
            _corrections = corrections;
            _width = width;
            Prepare(rows, threads, granularity: 8);
        }

        protected override void Execute(int start, int end) =>
            Rows(_weights, _stride, _cols, _input, _x, _y, _corrections, _keepSubnormals, _width, start, end);
    }
}
