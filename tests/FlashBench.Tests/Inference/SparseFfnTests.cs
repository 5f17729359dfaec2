using FlashBench.Core.Inference.Kernels;

namespace FlashBench.Tests.Inference;

/// <summary>The FFN over only the loaded rows equals the dense FFN with the other neurons zeroed.
/// Tolerance 1e-4 absolute on outputs of order 1: fp32 accumulation in a different order than the
/// double-precision reference, over at most 256 neurons.</summary>
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
        SparseFfn.Accumulate(layout, rows, order.Length, x, sparse, new float[d]);

        var reference = DenseReference(layout, all, dFf, x, mask: n => active.Contains(n));
        for (int j = 0; j < d; j++)
            Assert.InRange(sparse[j], reference[j] - Tolerance, reference[j] + Tolerance);
        Assert.Contains(reference, v => Math.Abs(v) > 1e-3); // the comparison is not between two zero vectors
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
