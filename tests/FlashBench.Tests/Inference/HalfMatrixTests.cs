using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;

namespace FlashBench.Tests.Inference;

/// <summary>The fast widening (normal halves by integer shifts, no branch) plus the subnormal lists of
/// <see cref="HalfMatrix"/> and <see cref="ResidentNeuronRows"/> give exact products: every width, odd shapes, one
/// and several threads (the same bits), on matrices full of ±0, ±subnormals and extreme normals, where leaving the
/// subnormals out or misreading zeros would be far outside the fp32 tolerance.</summary>
public sealed unsafe class HalfMatrixTests
{
    public static TheoryData<SimdWidth> Widths() => HalfKernelTests.Widths();

    [Fact]
    public void Fast_form_is_exact_for_normals_and_zeros_and_zero_for_subnormals()
    {
        float scale = HalfBits.InputScale;
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            var half = BitConverter.UInt16BitsToHalf((ushort)bits);
            float fast = HalfBits.ToScaledNormal((ushort)bits) * scale;
            if (!Half.IsFinite(half))
                continue;
            float expected = Half.IsSubnormal(half) ? 0f : (float)half;
            Assert.Equal(expected, fast); // ±0 compare equal: the sign of a zero weight cannot change a sum started at +0
            if (Half.IsNormal(half))
                Assert.Equal(BitConverter.SingleToUInt32Bits((float)half), BitConverter.SingleToUInt32Bits(fast));
        }
    }

    [Fact]
    public void Infinity_and_NaN_halves_read_as_two_to_the_16_by_every_path()
    {
        // documented, not preserved: weights are finite; both widenings agree
        foreach (ushort bits in new ushort[] { 0x7C00, 0xFC00, 0x7E00, 0x7C01, 0xFFFF })
        {
            float magnitude = 65536f * (1 + (bits & 0x3FF) / 1024f);
            float expected = (bits & 0x8000) != 0 ? -magnitude : magnitude;
            Assert.Equal(expected, HalfBits.ToSingle(bits));
            Assert.Equal(expected, HalfBits.ToScaledNormal(bits) * HalfBits.InputScale);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Vector_lanes_give_the_scalar_fast_form_for_every_half(SimdWidth width)
    {
        var all = new ushort[65536];
        for (int i = 0; i < all.Length; i++)
            all[i] = (ushort)i;
        var widened = new float[all.Length];
        fixed (ushort* source = all)
        fixed (float* destination = widened)
        {
            int count = width switch { SimdWidth.V512 => 16, SimdWidth.V256 => 8, SimdWidth.V128 => 4, _ => 1 };
            for (int i = 0; i < all.Length; i += count)
            {
                switch (width)
                {
                    case SimdWidth.V512: Lanes512.Store(Lanes512.LoadNormalHalves(source + i), destination + i); break;
                    case SimdWidth.V256: Lanes256.Store(Lanes256.LoadNormalHalves(source + i), destination + i); break;
                    case SimdWidth.V128: Lanes128.Store(Lanes128.LoadNormalHalves(source + i), destination + i); break;
                    default: LanesScalar.Store(LanesScalar.LoadNormalHalves(source + i), destination + i); break;
                }
            }
        }
        for (int i = 0; i < all.Length; i++)
            Assert.Equal(BitConverter.SingleToUInt32Bits(HalfBits.ToScaledNormal(all[i])), BitConverter.SingleToUInt32Bits(widened[i]));
    }

    [Fact]
    public void Lists_hold_exactly_the_subnormal_halves_with_their_values()
    {
        const int rows = 13, cols = 71, stride = 80; // cols not a multiple of the scan's 16 lanes; rows embedded in wider ones
        var random = new Random(3);
        var weights = SpecialHalves(random, rows * stride);
        var list = SubnormalCorrections.Build(weights, stride, rows, cols);
        int total = 0;
        for (int r = 0; r < rows; r++)
        {
            var expected = Enumerable.Range(0, cols).Where(c => Half.IsSubnormal(weights[r * stride + c])).ToArray();
            Assert.Equal(expected.Length, list.EntriesOf(r));
            for (int k = 0; k < expected.Length; k++)
            {
                var (column, value) = list.Entry(r, k);
                Assert.Equal(expected[k], column);
                Assert.Equal((float)weights[r * stride + column], value);
            }
            total += expected.Length;
        }
        Assert.Equal(total, list.Count);
        Assert.True(total > rows * cols / 10); // the matrix is rich in subnormals
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Corrected_product_matches_reference_on_zeros_subnormals_and_extremes(SimdWidth width)
    {
        foreach (var (rows, cols, tiny) in new[] { (1, 1, false), (3, 5, false), (7, 33, true), (9, 100, false), (16, 64, true), (67, 1031, false), (67, 1031, true), (300, 333, true) })
        {
            var random = new Random(rows * 7919 + cols);
            var w = tiny ? SpecialHalves(random, (long)rows * cols, normalScale: 2e-4, extremes: false) : SpecialHalves(random, (long)rows * cols);
            var x = KernelReference.RandomFloats(random, cols);
            var matrix = HalfMatrix.From(w, rows, cols);
            var expected = KernelReference.MatVec(w, rows, cols, x);
            float[]? first = null;
            foreach (int threads in new[] { 1, 3 })
            {
                using var pool = new ComputePool(threads);
                var y = new float[rows];
                HalfMatVec.Multiply(matrix, x, y, pool, width);
                for (int r = 0; r < rows; r++)
                {
                    double tolerance = KernelReference.Tolerance(expected[r].Magnitude, cols);
                    Assert.InRange(y[r], expected[r].Value - tolerance, expected[r].Value + tolerance);
                }
                if (first is null)
                    first = y;
                else
                    Assert.Equal(first, y);
            }
        }
    }

    [Fact]
    public void A_matrix_of_subnormals_only_is_not_read_as_zero()
    {
        // without its list the fast form would give exactly 0 here; every product and sum below is exact in fp32
        const int rows = 5, cols = 40;
        var w = new Half[rows * cols];
        for (int i = 0; i < w.Length; i++)
            w[i] = BitConverter.UInt16BitsToHalf((ushort)((i % 2 == 0 ? 0x8000 : 0) | (1 + i % 1023)));
        var x = Enumerable.Range(0, cols).Select(c => (float)(c % 7 - 3)).ToArray();
        var y = new float[rows];
        HalfMatVec.Multiply(HalfMatrix.From(w, rows, cols), x, y);
        var expected = KernelReference.MatVec(w, rows, cols, x);
        Assert.Contains(expected, e => e.Value != 0);
        for (int r = 0; r < rows; r++)
            Assert.Equal(expected[r].Value, y[r]);
    }

    [Fact]
    public void Inputs_too_large_to_scale_take_the_exact_path()
    {
        const int rows = 19, cols = 77;
        var random = new Random(11);
        var w = SpecialHalves(random, rows * cols);
        var matrix = HalfMatrix.From(w, rows, cols);
        var x = KernelReference.RandomFloats(random, cols);
        x[5] = 1e6f; // x · 2¹¹² would overflow
        var fast = new float[rows];
        var exact = new float[rows];
        HalfMatVec.Multiply(matrix, x, fast);
        HalfMatVec.Multiply(w, rows, cols, x, exact);
        Assert.Equal(exact, fast);
        x[5] = float.PositiveInfinity; // inf (and NaN) in x propagate exactly as on the exact path
        HalfMatVec.Multiply(matrix, x, fast);
        HalfMatVec.Multiply(w, rows, cols, x, exact);
        Assert.Equal(exact, fast);
    }

    [Fact]
    public void HalfMatrix_rejects_shapes_that_do_not_fit()
    {
        Assert.Throws<ArgumentException>(() => HalfMatrix.From(new Half[10], 3, 4));
        Assert.Throws<ArgumentException>(() => HalfMatrix.From(new Half[12], 1, 3, 4));
        var matrix = HalfMatrix.From(new Half[12], 3, 4);
        Assert.Throws<ArgumentException>(() => HalfMatVec.Multiply(matrix, new float[3], new float[3]));
        Assert.Throws<ArgumentException>(() => HalfMatVec.Multiply(matrix, new float[4], new float[2]));
    }

    [Theory]
    [MemberData(nameof(SparseFfnTests.WidthsAndGating), MemberType = typeof(SparseFfnTests))]
    public void Resident_rows_match_reference_and_give_the_same_bits_on_any_thread_count(SimdWidth width, bool gated)
    {
        double largest = 0;
        foreach (var (d, count, tiny) in new[] { (37, 1, false), (37, 6, false), (64, 129, true), (100, 300, false), (100, 300, true) })
        {
            var layout = new NeuronRowLayout(d, gated);
            var random = new Random(d * 31 + count);
            var rows = tiny
                ? SpecialHalves(random, (long)count * layout.RowWeights, normalScale: 2e-4, extremes: false)
                : SpecialHalves(random, (long)count * layout.RowWeights, normalScale: 0.3);
            var x = KernelReference.RandomFloats(random, d);
            var resident = ResidentNeuronRows.From(layout, rows, count);
            var reference = SparseFfnTests.DenseReference(layout, rows, count, x, mask: _ => true);
            double magnitude = reference.Max(Math.Abs);
            double tolerance = 1e-5 * magnitude + (tiny ? 0 : 1e-6);
            if (tiny)
                Assert.True(magnitude > 0);
            else
                largest = Math.Max(largest, magnitude);
            float[]? first = null;
            foreach (int threads in new[] { 1, 3 })
            {
                using var pool = new ComputePool(threads);
                var y = new float[d];
                SparseFfn.Accumulate(resident, x, y, pool, width);
                for (int j = 0; j < d; j++)
                    Assert.InRange(y[j], reference[j] - tolerance, reference[j] + tolerance);
                if (first is null)
                    first = y;
                else
                    Assert.Equal(first, y);
            }
        }
        Assert.True(largest > 1e-2); // not a comparison between zero vectors
    }

    [Fact]
    public void Resident_attention_equals_attention_over_the_same_block()
    {
        var layout = new AttentionLayout(DModel: 48, Heads: 4, KvHeads: 2);
        var random = new Random(21);
        var block = SpecialHalves(random, layout.TotalWeights, normalScale: 0.25);
        var weights = AttentionWeights.From(layout, block);
        const int tokens = 4;
        var (cacheA, cacheB) = (new KvCache(layout.KvDim, tokens), new KvCache(layout.KvDim, tokens));
        var (scratchA, scratchB) = (new AttentionScratch(layout, tokens), new AttentionScratch(layout, tokens));
        for (int t = 0; t < tokens; t++)
        {
            var x = KernelReference.RandomFloats(random, layout.DModel);
            var (a, b) = (new float[layout.DModel], new float[layout.DModel]);
            Attention.Forward(layout, block, cacheA, x, a, scratchA);
            Attention.Forward(weights, cacheB, x, b, scratchB);
            for (int j = 0; j < layout.DModel; j++)
                Assert.Equal(a[j], b[j], 1e-4f);
        }
    }

    /// <summary>Weights where every special kind is frequent: ±0 (15 %), ±subnormals (25 %), ±65504 (with
    /// <paramref name="extremes"/>) and ±2⁻¹⁴ (the largest and smallest normals, 1 % each), the rest normals of the
    /// given scale. A scale near 2⁻¹⁴ makes the subnormals a large share of every sum (a kernel that dropped them
    /// would fail the tolerance).</summary>
    internal static Half[] SpecialHalves(Random random, long count, double normalScale = 0.2, bool extremes = true)
    {
        var values = new Half[count];
        for (long i = 0; i < count; i++)
        {
            double u = random.NextDouble();
            ushort sign = (ushort)(random.Next(2) << 15);
            values[i] = u switch
            {
                < 0.15 => BitConverter.UInt16BitsToHalf(sign),
                < 0.40 => BitConverter.UInt16BitsToHalf((ushort)(sign | random.Next(1, 1024))),
                < 0.41 when extremes => BitConverter.UInt16BitsToHalf((ushort)(sign | 0x7BFF)),
                < 0.42 => BitConverter.UInt16BitsToHalf((ushort)(sign | 0x0400)),
                _ => (Half)((random.NextDouble() * 2 - 1) * normalScale),
            };
        }
        return values;
    }
}
