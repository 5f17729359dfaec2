using FlashBench.Core.Compute;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>y = W·x for an <see cref="Int8Matrix"/>: the input is quantized once per call (symmetric, one scale:
/// q = round(x · 127 / max |x|)), each row's exact integer dot product with q is formed with the widest integer
/// multiply-add the CPU offers (<see cref="Int8Path"/>), then y_r = scale_r · scale_x · dot_r. Rows are split across
/// the <see cref="ComputePool"/> as in <see cref="HalfMatVec"/>; every path and thread count gives the same bits.</summary>
public static unsafe class Int8MatVec
{
    /// <summary>Below this many weights (128 KiB of int8) a product runs on the calling thread.</summary>
    public const long ParallelThresholdWeights = 1 << 17;

    [ThreadStatic]
    private static Int8Job? t_job;

    [ThreadStatic]
    private static QuantizedInput? t_input;

    public static void Multiply(Int8Matrix w, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool = null) =>
        Multiply(w, x, y, pool, Int8Paths.Best);

    public static void Multiply(Int8Matrix w, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool, Int8Path path)
    {
        if (x.Length < w.Cols || y.Length < w.Rows)
            throw new ArgumentException($"int8 matrix {w.Rows}×{w.Cols} does not fit x ({x.Length}) or y ({y.Length})");
        if (!Int8Paths.IsSupported(path))
            throw new PlatformNotSupportedException($"int8 path {path} is not supported on this CPU");
        var input = t_input ??= new QuantizedInput();
        float inputScale = input.Quantize(x[..w.Cols]);
        fixed (sbyte* weights = w.Weights)
        fixed (float* scales = w.Scales)
        fixed (int* rowSums = w.RowSums)
        fixed (sbyte* q = input.Q)
        fixed (byte* offset = input.Offset)
        fixed (short* wide = input.Wide)
        fixed (float* yp = y)
        {
            var job = t_job ??= new Int8Job();
            bool parallel = pool is not null && pool.Threads > 1 && (long)w.Rows * w.Cols >= ParallelThresholdWeights;
            job.Set(path, weights, w.Cols, new Int8Rows.Input(q, offset, wide), scales, rowSums, inputScale, yp, w.Rows, parallel ? pool!.Threads : 1);
            if (parallel)
                pool!.Run(job);
            else
                job.Run(0, 1);
        }
    }

    private sealed class Int8Job : ChunkedJob
    {
        private Int8Path _path;
        private sbyte* _weights;
        private int _cols;
        private Int8Rows.Input _x;
        private float* _scales;
        private int* _rowSums;
        private float _inputScale;
        private float* _y;

        public void Set(Int8Path path, sbyte* weights, int cols, Int8Rows.Input x, float* scales, int* rowSums, float inputScale, float* y, int rows, int threads)
        {
            _path = path;
            _weights = weights;
            _cols = cols;
            _x = x;
            _scales = scales;
            _rowSums = rowSums;
            _inputScale = inputScale;
            _y = y;
            Prepare(rows, threads, granularity: 4);
        }

        protected override void Execute(int start, int end)
        {
            int* dots = stackalloc int[64];
            for (int first = start; first < end; first += 64)
            {
                int count = Math.Min(64, end - first);
                Int8Rows.Dot(_path, _weights + (long)first * _cols, _cols, _x, _rowSums + first, dots, count);
                for (int i = 0; i < count; i++)
                    _y[first + i] = _scales[first + i] * _inputScale * dots[i];
            }
        }
    }

    /// <summary>The quantized input in the three forms of <see cref="Int8Rows.Input"/>, reused across calls.</summary>
    private sealed class QuantizedInput
    {
        public sbyte[] Q { get; private set; } = [];
        public byte[] Offset { get; private set; } = [];
        public short[] Wide { get; private set; } = [];

        /// <summary>Returns the input scale (max |x| / 127; 1 for an all-zero input).</summary>
        public float Quantize(ReadOnlySpan<float> x)
        {
            if (Q.Length < x.Length)
            {
                Q = new sbyte[x.Length];
                Offset = new byte[x.Length];
                Wide = new short[x.Length];
            }
            float max = MathF.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(x));
            float scale = max > 0 ? max / 127 : 1;
            float inverse = 1 / scale;
            for (int c = 0; c < x.Length; c++)
            {
                int q = (int)Math.Clamp(MathF.Round(x[c] * inverse), -127, 127);
                Q[c] = (sbyte)q;
                Offset[c] = (byte)(q + 128);
                Wide[c] = (short)q;
            }
            return scale;
        }
    }
}
