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
/// a sequential sum over all rows only by summation order: relative error ≲ 1e-6·√rows on outputs of order 1).</para>
/// <para>Where denormal multiplicands cost nothing (<see cref="DenormalInputs.AreFree"/>, e.g. AMD Zen) every row takes the
/// branch-free widening with subnormal halves as float denormals (<see cref="ScaledWidening"/>, x and a scaled by 2¹¹²,
/// exact, no list): on a 2-core EPYC without AVX-512 the exact widening's test per 8-lane vector held OPT 6.7B 'All'
/// compute well below the probe. Elsewhere rows read this token take the exact widening (a list for them would cost a scan of every inserted row: on
/// OPT 6.7B 'All' the fast path saves ~25 % of the FFN kernel's time, while scanning the ~12–15 % of rows inserted per
/// token at the ~5–10 GB/s a separate pass reaches here costs as much or more); rows resident in DRAM
/// (<see cref="ResidentNeuronRows"/>) the fast one (<see cref="HalfMatVec"/>): x is scaled by 2¹¹² once, each down row's a by 2¹¹² per group of four, and
/// each part's subnormal list is added after its vector pass (a down group whose scaled a would overflow takes the
/// exact widening and no list).</para></summary>
public static unsafe class SparseFfn
{
    /// <summary>Neurons per block: 128 rows of OPT are 2 MiB of fp16, enough work per claim; the partials of a
    /// dense 16384-neuron layer are 2 MiB, added once.</summary>
    public const int BlockNeurons = 128;

    [ThreadStatic]
    private static FfnJob? t_job;

    [ThreadStatic]
    private static ScaledInput? t_scaled;

    /// <summary>Adds the FFN output of <paramref name="count"/> consecutive rows to <paramref name="y"/>;
    /// returns how many neurons were non-zero after the ReLU.</summary>
    public static int Accumulate(NeuronRowLayout layout, ReadOnlySpan<Half> rows, int count,
        ReadOnlySpan<float> x, Span<float> y, ComputePool? pool = null) =>
        Accumulate(layout, rows, count, x, y, pool, SimdWidths.Best);

    public static int Accumulate(NeuronRowLayout layout, ReadOnlySpan<Half> rows, int count,
        ReadOnlySpan<float> x, Span<float> y, ComputePool? pool, SimdWidth width) =>
        Accumulate(layout, rows, count, null, x, y, pool, width);

    /// <summary>Adds the FFN output of rows resident in DRAM, with their subnormal lists (the fast path).</summary>
    public static int Accumulate(ResidentNeuronRows rows, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool = null) =>
        Accumulate(rows, x, y, pool, SimdWidths.Best);

    public static int Accumulate(ResidentNeuronRows rows, ReadOnlySpan<float> x, Span<float> y, ComputePool? pool, SimdWidth width)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Accumulate(rows.Layout, rows.Rows, rows.Count, rows, x, y, pool, width);
    }

    private static int Accumulate(NeuronRowLayout layout, ReadOnlySpan<Half> rows, int count, ResidentNeuronRows? resident,
        ReadOnlySpan<float> x, Span<float> y, ComputePool? pool, SimdWidth width)
    {
        int stride = layout.RowWeights;
        int d = layout.DModel;
        if (count < 0 || rows.Length < (long)count * stride || x.Length < d || y.Length < d)
            throw new ArgumentException($"{count} rows of {stride} weights do not fit {rows.Length} values, or x/y are shorter than d_model {d}");
        if (count == 0)
            return 0;
        // rows read this token have no subnormal list; where denormal inputs cost nothing they still take the fast
        // widening, its subnormal halves as float denormals (exact, ScaledWidening), instead of the test per vector
        bool keepSubnormals = DenormalInputs.AreFree;
        float* scaled = resident is null && !keepSubnormals ? null : (t_scaled ??= new ScaledInput()).Scale(x[..d]);
        var corrections = scaled is null || keepSubnormals ? default : new PartCorrections(resident!.Gate?.View ?? default, resident.Up.View, resident.Down.View);
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
                job.Set(layout, (ushort*)rowPointer, count, xp, scaled, keepSubnormals, corrections, partialPointer, nonZeroPointer, width, parallel ? pool!.Threads : 1);
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

    /// <summary>The subnormal lists of the rows' parts, as the kernels read them.</summary>
    private readonly record struct PartCorrections(SubnormalView Gate, SubnormalView Up, SubnormalView Down);

    private sealed class FfnJob : ChunkedJob
    {
        private NeuronRowLayout _layout;
        private ushort* _rows;
        private int _count;
        private float* _x;
        private float* _scaled;
        private bool _keepSubnormals;
        private PartCorrections _corrections;
        private float* _partials;
        private int* _nonZero;
        private SimdWidth _width;

        public void Set(NeuronRowLayout layout, ushort* rows, int count, float* x, float* scaled, bool keepSubnormals, PartCorrections corrections,
            float* partials, int* nonZero, SimdWidth width, int threads)
        {
            _scaled = scaled;
            _keepSubnormals = keepSubnormals;
            _corrections = corrections;
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
                int last = Math.Min(first + BlockNeurons, _count);
                float* partial = _partials + (long)b * _layout.DModel;
                _nonZero[b] = _scaled is null ? Block<ExactWidening>(_layout, _rows, first, last, _x, null, default, partial, _width)
                    : _keepSubnormals ? Block<ScaledWidening>(_layout, _rows, first, last, _x, _scaled, default, partial, _width)
                    : Block<NormalWidening>(_layout, _rows, first, last, _x, _scaled, _corrections, partial, _width);
            }
        }
    }

    /// <summary>partial = Σ a_i · down_i over neurons first … end − 1; returns the number of non-zero a_i. Fast widening:
    /// the dot products read <paramref name="scaled"/> (x · 2¹¹²) and add the gate/up lists against x.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int Block<TWidening>(NeuronRowLayout layout, ushort* rows, int first, int end, float* x, float* scaled,
        PartCorrections corrections, float* partial, SimdWidth width) where TWidening : IHalfWidening
    {
        int d = layout.DModel;
        long stride = layout.RowWeights;
        float* input = TWidening.Fast ? scaled : x;
        new Span<float>(partial, d).Clear();
        float* a = stackalloc float[4];
        float* gate = stackalloc float[4];
        var pending = new PendingRows<TWidening>(partial, d, width, corrections.Down);
        int nonZero = 0;
        for (int i = first; i < end; i += 4)
        {
            int group = Math.Min(4, end - i);
            ushort* row = rows + i * stride;
            if (layout.Gated)
            {
                HalfRows.Dot<TWidening>(width, row + layout.GateOffset, stride, d, input, gate, group);
                if (TWidening.Fast && !TWidening.KeepsSubnormals)
                    corrections.Gate.AddProducts(i, group, x, gate);
                for (int k = 0; k < group; k++)
                {
                    if (gate[k] <= 0)
                        continue;
                    ushort* neuron = row + k * stride;
                    HalfRows.Dot<TWidening>(width, neuron + layout.UpOffset, stride, d, input, a + k, 1);
                    if (TWidening.Fast && !TWidening.KeepsSubnormals)
                        corrections.Up.AddProducts(i + k, 1, x, a + k);
                    pending.Add(neuron + layout.DownOffset, i + k, gate[k] * a[k]);
                    nonZero++;
                }
            }
            else
            {
                HalfRows.Dot<TWidening>(width, row + layout.UpOffset, stride, d, input, a, group);
                if (TWidening.Fast && !TWidening.KeepsSubnormals)
                    corrections.Up.AddProducts(i, group, x, a);
                for (int k = 0; k < group; k++)
                {
                    if (a[k] <= 0)
                        continue;
                    pending.Add(row + k * stride + layout.DownOffset, i + k, a[k]);
                    nonZero++;
                }
            }
        }
        pending.Flush();
        return nonZero;
    }

    /// <summary>Down rows waiting to be added to the partial, four at a time (one pass over the partial per four rows).
    /// Fast widening: the four a are scaled by 2¹¹² for the vector pass, then each row's down list is added with its a.</summary>
    private ref struct PendingRows<TWidening>(float* partial, int d, SimdWidth width, SubnormalView down) where TWidening : IHalfWidening
    {
        private ushort* _r0, _r1, _r2;
        private int _n0, _n1, _n2;
        private float _a0, _a1, _a2;
        private int _count;

        public void Add(ushort* row, int neuron, float a)
        {
            switch (_count)
            {
                case 0: _r0 = row; _n0 = neuron; _a0 = a; _count = 1; break;
                case 1: _r1 = row; _n1 = neuron; _a1 = a; _count = 2; break;
                case 2: _r2 = row; _n2 = neuron; _a2 = a; _count = 3; break;
                default:
                    float s = HalfBits.InputScale;
                    if (TWidening.Fast && float.IsFinite(MathF.MaxMagnitude(MathF.MaxMagnitude(_a0, _a1), MathF.MaxMagnitude(_a2, a)) * s))
                    {
                        HalfRows.Axpy4<TWidening>(width, partial, d, _r0, _a0 * s, _r1, _a1 * s, _r2, _a2 * s, row, a * s);
                        if (!TWidening.KeepsSubnormals)
                        {
                            down.AddScaledRow(_n0, _a0, partial);
                            down.AddScaledRow(_n1, _a1, partial);
                            down.AddScaledRow(_n2, _a2, partial);
                            down.AddScaledRow(neuron, a, partial);
                        }
                    }
                    else
                    {
                        HalfRows.Axpy4<ExactWidening>(width, partial, d, _r0, _a0, _r1, _a1, _r2, _a2, row, a);
                    }
                    _count = 0;
                    break;
            }
        }

        public void Flush()
        {
            if (_count > 0)
                One(_r0, _n0, _a0);
            if (_count > 1)
                One(_r1, _n1, _a1);
            if (_count > 2)
                One(_r2, _n2, _a2);
            _count = 0;
        }

        private readonly void One(ushort* row, int neuron, float a)
        {
            float scaled = a * HalfBits.InputScale;
            if (TWidening.Fast && float.IsFinite(scaled))
            {
                HalfRows.Axpy<TWidening>(width, partial, d, row, scaled);
                if (!TWidening.KeepsSubnormals)
                    down.AddScaledRow(neuron, a, partial);
            }
            else
            {
                HalfRows.Axpy<ExactWidening>(width, partial, d, row, a);
            }
        }
    }
}
