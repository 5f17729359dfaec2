using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;

namespace FlashBench.Tests.Inference;

/// <summary>The palettized format and kernel: indices average 3.5 bits with every fourth group at 2 bits; the kernel at
/// every width gives the reference bit for bit on a matrix whose products and partial sums are all exact in fp32
/// (palette entries multiples of 2⁻²⁴ below 2⁻¹⁰, x small integers), so any lookup, shift or blend error shows.</summary>
public sealed class PalettizedKernelTests
{
    public static TheoryData<SimdWidth> Widths() => HalfKernelTests.Widths();

    [Fact]
    public void Groups_mix_two_and_four_bits_to_three_and_a_half_on_average()
    {
        var matrix = PalettizedMatrix.FromIndices(64, 32, (_, e) => (Half)e, (r, c) => r + c);
        Assert.Equal(3.5, matrix.IndexBitsPerWeight);
        Assert.Equal(new byte[] { 4, 4, 4, 2, 4, 4, 4, 2 }, matrix.Bits);
        Assert.Equal(64L * 32 * 7 / 16 + 2 * (6 * 16 + 2 * 4), matrix.Bytes);
    }

    [Fact]
    public void Indices_read_back_as_written()
    {
        var matrix = PalettizedMatrix.FromIndices(32, 48, (g, e) => (Half)(g * 16 + e), (r, c) => (r * 7 + c * 3) % 16);
        for (int r = 0; r < 32; r++)
        {
            int mask = PalettizedMatrix.IsTwoBit(r / 8) ? 3 : 15;
            for (int c = 0; c < 48; c++)
                Assert.Equal((r * 7 + c * 3) % 16 & mask, matrix.Index(r, c));
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Product_is_exact_against_the_reference(SimdWidth width)
    {
        const int rows = 64, cols = 272;
        var random = new Random(5);
        var entries = new Half[rows / 8, 16];
        for (int g = 0; g < rows / 8; g++)
        {
            for (int e = 0; e < 16; e++)
                entries[g, e] = BitConverter.UInt16BitsToHalf((ushort)(random.Next(2) << 15 | random.Next(0, 6) << 10 | random.Next(1024)));
        }
        var matrix = PalettizedMatrix.FromIndices(rows, cols, (g, e) => entries[g, e], (_, _) => random.Next(16));
        var x = Enumerable.Range(0, cols).Select(_ => (float)random.Next(-3, 4)).ToArray();
        var expected = PalettizedMatVec.Reference(matrix, x);
        Assert.Contains(expected, v => v != 0);
        foreach (int threads in new[] { 1, 3 })
        {
            using var pool = new ComputePool(threads);
            var y = new float[rows];
            PalettizedMatVec.Multiply(matrix, x, y, pool, width);
            for (int r = 0; r < rows; r++)
                Assert.Equal((float)expected[r], y[r]);
        }
    }

    [Fact]
    public void Palettizing_keeps_each_weight_within_half_a_palette_step()
    {
        const int rows = 16, cols = 64;
        var random = new Random(9);
        var w = KernelReference.RandomHalves(random, rows * cols, 0.1);
        var matrix = PalettizedMatrix.From(w, rows, cols);
        for (int r = 0; r < rows; r++)
        {
            var group = w.AsSpan(r / 8 * 8 * cols, 8 * cols).ToArray().Select(h => (float)h).ToArray();
            float step = (group.Max() - group.Min()) / ((PalettizedMatrix.IsTwoBit(r / 8) ? 4 : 16) - 1);
            for (int c = 0; c < cols; c++)
                Assert.InRange((float)matrix.Weight(r, c) - (float)w[r * cols + c], -0.51f * step - 1e-3f, 0.51f * step + 1e-3f);
        }
    }

    [Fact]
    public void Shapes_that_do_not_fit_the_groups_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => PalettizedMatrix.From(new Half[7 * 16], 7, 16));
        Assert.Throws<ArgumentException>(() => PalettizedMatrix.From(new Half[8 * 20], 8, 20));
    }
}
