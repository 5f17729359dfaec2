using System.Buffers;
using System.Numerics.Tensors;
using FlashBench.Core.Compute;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>The FFN over whichever neuron rows are in DRAM (paper §3.3: matrix[:num_used, :d_model] is the
/// up-projection, matrix[:num_used, d_model:]ᵀ the down-projection; row order does not matter):
/// a_i = ReLU(up_i · x) (gated: ReLU(gate_i · x) · (up_i · x)), y += a_i · down_i. Dense = every row present.
/// Biases are omitted: synthetic weights carry none.
/// <para>Fused per row: four neurons' up (and gate) dot products share the loads of x, then the down rows of the
/// neurons the ReLU kept are added four at a time, so every row is streamed once, up part then down part, and a
/// zeroed neuron's down part is never read. Rows are cut into fixed blocks of <see cref="BlockNeurons"/>; each
/// block sums into its own partial vector and the partials are added to y in block order. Which thread runs a
/// block does not change its arithmetic, so y is bit-identical for any thread count (the fp32 result differs from
/// a sequential sum over all rows only by summation order: relative error ≲ 1e-6·√rows on outputs of order 1).</para></summary>
public static unsafe class SparseFfn
{
    /// <summary>Neurons per block: 128 rows of OPT are 2 MiB of fp16, enough work per claim; the partials of a
    /// dense 16384-neuron layer are 2 MiB, added once.</summary>
    public const int BlockNeurons = 128;

    [ThreadStatic]
    private static FfnJob? t_job;

    /// <summary>Adds the FFN output of <paramref name="count"/> consecutive rows to <paramref name="y"/>;
    /// returns how many neurons were non-zero after the ReLU.</summary>
    public static int Accumulate(NeuronRowLayout layout, ReadOnlySpan<Half> rows, int count,
        ReadOnlySpan<float> x, Span<float> y, ComputePool? pool = null) =>
        Accumulate(layout, rows, count, x, y, pool, SimdWidths.Best);

    public static int Accumulate(NeuronRowLayout layout, ReadOnlySpan<Half> rows, int count,
        ReadOnlySpan<float> x, Span<float> y, ComputePool? pool, SimdWidth width)
    {
        int stride = layout.RowWeights;
        int d = layout.DModel;
        if (count < 0 || rows.Length < (long)count * stride || x.Length < d || y.Length < d)
            throw new ArgumentException($"{count} rows of {stride} weights do not fit {rows.Length} values, or x/y are shorter than d_model {d}");
        if (count == 0)
            return 0;
        int blocks = (count + BlockNeurons - 1) / BlockNeurons;
        var partials = ArrayPool<float>.Shared.Rent(blocks * d);
        var nonZero = ArrayPool<int>.Shared.Rent(blocks);
        try
        {
            fixed (Half* rowPointer = rows)
            fixed (float* xp = x)
            fixed (float* partialPointer = partials)
            fixed (int* nonZeroPointer = nonZero)
            {
                var job = t_job ??= new FfnJob();
                bool parallel = pool is not null && pool.Threads > 1 && blocks > 1;
                job.Set(layout, (ushort*)rowPointer, count, xp, partialPointer, nonZeroPointer, width, parallel ? pool!.Threads : 1);
                if (parallel)
                    pool!.Run(job);
                else
                    job.Run(0, 1);
            }
            // in block order: the same additions whatever thread computed each block
            for (int b = 0; b < blocks; b++)
                TensorPrimitives.Add(y[..d], partials.AsSpan(b * d, d), y[..d]);
            int total = 0;
            for (int b = 0; b < blocks; b++)
                total += nonZero[b];
            return total;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(partials);
            ArrayPool<int>.Shared.Return(nonZero);
        }
    }

    private sealed class FfnJob : ChunkedJob
    {
        private NeuronRowLayout _layout;
        private ushort* _rows;
        private int _count;
        private float* _x;
        private float* _partials;
        private int* _nonZero;
        private SimdWidth _width;

        public void Set(NeuronRowLayout layout, ushort* rows, int count, float* x, float* partials, int* nonZero, SimdWidth width, int threads)
        {
            _layout = layout;
            _rows = rows;
            _count = count;
            _x = x;
            _partials = partials;
            _nonZero = nonZero;
            _width = width;
            Prepare((count + BlockNeurons - 1) / BlockNeurons, threads, granularity: 1);
        }

        protected override void Execute(int start, int end)
        {
            for (int b = start; b < end; b++)
            {
                int first = b * BlockNeurons;
                _nonZero[b] = Block(_layout, _rows, first, Math.Min(first + BlockNeurons, _count), _x, _partials + (long)b * _layout.DModel, _width);
            }
        }
    }

    /// <summary>partial = Σ a_i · down_i over neurons first … end − 1; returns the number of non-zero a_i.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Block(NeuronRowLayout layout, ushort* rows, int first, int end, float* x, float* partial, SimdWidth width)
    {
        int d = layout.DModel;
        long stride = layout.RowWeights;
        new Span<float>(partial, d).Clear();
        float* a = stackalloc float[4];
        float* gate = stackalloc float[4];
        var pending = new PendingRows(partial, d, width);
        int nonZero = 0;
        for (int i = first; i < end; i += 4)
        {
            int group = Math.Min(4, end - i);
            ushort* row = rows + i * stride;
            if (layout.Gated)
            {
                HalfRows.Dot(width, row + layout.GateOffset, stride, d, x, gate, group);
                for (int k = 0; k < group; k++)
                {
                    if (gate[k] <= 0)
                        continue;
                    ushort* neuron = row + k * stride;
                    HalfRows.Dot(width, neuron + layout.UpOffset, stride, d, x, a + k, 1);
                    pending.Add(neuron + layout.DownOffset, gate[k] * a[k]);
                    nonZero++;
                }
            }
            else
            {
                HalfRows.Dot(width, row + layout.UpOffset, stride, d, x, a, group);
                for (int k = 0; k < group; k++)
                {
                    if (a[k] <= 0)
                        continue;
                    pending.Add(row + k * stride + layout.DownOffset, a[k]);
                    nonZero++;
                }
            }
        }
        pending.Flush();
        return nonZero;
    }

    /// <summary>Down rows waiting to be added to the partial, four at a time (one pass over the partial per four rows).</summary>
    private ref struct PendingRows(float* partial, int d, SimdWidth width)
    {
        private ushort* _r0, _r1, _r2;
        private float _a0, _a1, _a2;
        private int _count;

        public void Add(ushort* row, float a)
        {
            switch (_count)
            {
                case 0: _r0 = row; _a0 = a; _count = 1; break;
                case 1: _r1 = row; _a1 = a; _count = 2; break;
                case 2: _r2 = row; _a2 = a; _count = 3; break;
                default:
                    HalfRows.Axpy4(width, partial, d, _r0, _a0, _r1, _a1, _r2, _a2, row, a);
                    _count = 0;
                    break;
            }
        }

        public void Flush()
        {
            if (_count > 0)
                HalfRows.Axpy(width, partial, d, _r0, _a0);
            if (_count > 1)
                HalfRows.Axpy(width, partial, d, _r1, _a1);
            if (_count > 2)
                HalfRows.Axpy(width, partial, d, _r2, _a2);
            _count = 0;
        }
    }
}
