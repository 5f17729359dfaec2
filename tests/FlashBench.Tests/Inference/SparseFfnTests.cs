using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;

namespace FlashBench.Tests.Inference;

/// <summary>The FFN over only the loaded rows equals the dense FFN with the other neurons zeroed.
/// Tolerance 1e-4 absolute on outputs of order 1: fp32 accumulation in a different order than the
/// double-precision reference, over at most a few hundred neurons. The fused kernel gives the same bits on one
/// thread and on several, at every vector width the CPU runs.</summary>
public sealed class SparseFfnTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sparse_rows_equal_dense_with_inactive_neurons_zeroed(bool gated)
    {
        const int d = 64, dFf = 256;
        var layout = new NeuronRowLayout(d, gated);
        var random = new Random(7);
        var all = new Half[dFf * layout.RowWeights];
        for (int i = 0; i < all.Length; i++)
            all[i] = (Half)(random.NextDouble() * 0.4 - 0.2);
        var x = Enumerable.Range(0, d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var active = Enumerable.Range(0, dFf).Where(_ => random.NextDouble() < 0.1).ToArray();
        Assert.NotEmpty(active);

        // the loaded rows, in a scrambled order (§3.3: row order does not matter)
        var order = active.OrderBy(_ => random.Next()).ToArray();
        var rows = new Half[order.Length * layout.RowWeights];
        for (int r = 0; r < order.Length; r++)
            all.AsSpan(order[r] * layout.RowWeights, layout.RowWeights).CopyTo(rows.AsSpan(r * layout.RowWeights));
        var sparse = new float[d];
        SparseFfn.Accumulate(layout, rows, order.Length, x, sparse);

        var reference = DenseReference(layout, all, dFf, x, mask: n => active.Contains(n));
        for (int j = 0; j < d; j++)
            Assert.InRange(sparse[j], reference[j] - Tolerance, reference[j] + Tolerance);
        Assert.Contains(reference, v => Math.Abs(v) > 1e-3); // the comparison is not between two zero vectors
    }

    public static TheoryData<SimdWidth, bool> WidthsAndGating()
    {
        var data = new TheoryData<SimdWidth, bool>();
        foreach (var width in SimdWidths.Supported)
        {
            data.Add(width, false);
            data.Add(width, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WidthsAndGating))]
    public void Fused_kernel_matches_reference_and_gives_the_same_bits_on_any_thread_count(SimdWidth width, bool gated)
    {
        // d not a multiple of any vector width; counts below one block, one block and a partial, several blocks
        foreach (var (d, count) in new[] { (37, 1), (37, 6), (64, 129), (100, 300), (20, 2 * SparseFfn.BlockNeurons) })
        {
            var layout = new NeuronRowLayout(d, gated);
            var random = new Random(d * 31 + count);
            var rows = KernelReference.RandomHalves(random, (long)count * layout.RowWeights, 0.3);
            var x = KernelReference.RandomFloats(random, d);
            var reference = DenseReference(layout, rows, count, x, mask: _ => true);
            int expectedNonZero = Enumerable.Range(0, count).Count(n => Activation(layout, rows, n, x) != 0);
            float[]? first = null;
            foreach (int threads in new[] { 1, 2, 3 })
            {
                using var pool = new ComputePool(threads);
                var y = Enumerable.Repeat(0.5f, d).ToArray(); // Accumulate adds to what y holds
                int nonZero = SparseFfn.Accumulate(layout, rows, count, x, y, pool, width);
                Assert.Equal(expectedNonZero, nonZero);
                for (int j = 0; j < d; j++)
                    Assert.InRange(y[j], 0.5 + reference[j] - Tolerance, 0.5 + reference[j] + Tolerance);
                if (first is null)
                    first = y;
                else
                    Assert.Equal(first, y);
            }
        }
    }

    [Fact]
    public void No_rows_leave_y_unchanged()
    {
        var y = new float[] { 1, 2, 3 };
        Assert.Equal(0, SparseFfn.Accumulate(new NeuronRowLayout(3, false), [], 0, new float[3], y));
        Assert.Equal([1f, 2f, 3f], y);
    }

    private static double Activation(NeuronRowLayout layout, Half[] rows, int n, float[] x)
    {
        double Dot(int offset)
        {
            double s = 0;
            for (int j = 0; j < layout.DModel; j++)
                s += (double)rows[n * layout.RowWeights + offset + j] * x[j];
            return s;
        }
        return layout.Gated ? Math.Max(0, Dot(layout.GateOffset)) * Dot(layout.UpOffset) : Math.Max(0, Dot(layout.UpOffset));
    }

    /// <summary>y = Σ_i mask(i) · act_i(x) · down_i in double, with explicit loops.</summary>
    internal static double[] DenseReference(NeuronRowLayout layout, Half[] rows, int dFf, float[] x, Func<int, bool> mask)
    {
        int d = layout.DModel;
        var y = new double[d];
        for (int n = 0; n < dFf; n++)
        {
            if (!mask(n))
                continue;
            double Dot(int offset)
            {
                double s = 0;
                for (int j = 0; j < d; j++)
                    s += (double)rows[n * layout.RowWeights + offset + j] * x[j];
                return s;
            }
            double a = layout.Gated ? Math.Max(0, Dot(layout.GateOffset)) * Dot(layout.UpOffset) : Math.Max(0, Dot(layout.UpOffset));
            for (int j = 0; j < d; j++)
                y[j] += a * (double)rows[n * layout.RowWeights + layout.DownOffset + j];
        }
        return y;
    }
}
