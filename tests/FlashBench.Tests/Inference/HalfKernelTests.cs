using System.Runtime.Intrinsics;
using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;

namespace FlashBench.Tests.Inference;

/// <summary>The in-register fp16 widening is exact for every finite half at every vector width, and the fp16
/// matrix-vector product matches a double-precision reference for shapes that do and do not fill whole vectors,
/// on one thread and on several (where it must give the very same bits).</summary>
public sealed unsafe class HalfKernelTests
{
    public static TheoryData<SimdWidth> Widths()
    {
        var data = new TheoryData<SimdWidth>();
        foreach (var width in SimdWidths.Supported)
            data.Add(width);
        return data;
    }

    [Fact]
    public void Widening_is_exact_for_every_finite_half_including_subnormals()
    {
        int checkedValues = 0;
        for (int bits = 0; bits <= ushort.MaxValue; bits++)
        {
            var half = BitConverter.UInt16BitsToHalf((ushort)bits);
            if (!Half.IsFinite(half))
                continue;
            float expected = (float)half;
            Assert.Equal(BitConverter.SingleToUInt32Bits(expected), BitConverter.SingleToUInt32Bits(HalfBits.ToSingle((ushort)bits)));
            checkedValues++;
        }
        Assert.Equal(2 * 31 * 1024, checkedValues);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Vector_lanes_widen_like_the_scalar_form(SimdWidth width)
    {
        // subnormals, zeros of both signs, the largest finite, and ordinary values
        ushort[] sample = [0x0000, 0x8000, 0x0001, 0x83FF, 0x03FF, 0x0400, 0x7BFF, 0xFBFF, 0x3C00, 0xBC00, 0x3555, 0x1234, 0x9876, 0x0200, 0x8200, 0x5640];
        fixed (ushort* source = sample)
        {
            var widened = new float[sample.Length];
            fixed (float* destination = widened)
            {
                for (int i = 0; i < sample.Length; i += Count(width))
                {
                    switch (width)
                    {
                        case SimdWidth.V512: Lanes512.Store(Lanes512.LoadHalves(source + i), destination + i); break;
                        case SimdWidth.V256: Lanes256.Store(Lanes256.LoadHalves(source + i), destination + i); break;
                        case SimdWidth.V128: Lanes128.Store(Lanes128.LoadHalves(source + i), destination + i); break;
                        default: LanesScalar.Store(LanesScalar.LoadHalves(source + i), destination + i); break;
                    }
                }
            }
            for (int i = 0; i < sample.Length; i++)
                Assert.Equal((float)BitConverter.UInt16BitsToHalf(sample[i]), widened[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void MatVec_matches_reference_for_odd_and_even_shapes(SimdWidth width)
    {
        // (1, 1) and (3, 5): smaller than one vector; (7, 33), (5, 100): partial vectors and partial row groups;
        // (67, 1031) and (300, 333): above the parallel threshold, rows not a multiple of the chunk
        foreach (var (rows, cols) in new[] { (1, 1), (3, 5), (7, 33), (5, 100), (16, 64), (67, 1031), (300, 333) })
        {
            var random = new Random(rows * 7919 + cols);
            var w = KernelReference.RandomHalves(random, (long)rows * cols, 0.2);
            var x = KernelReference.RandomFloats(random, cols);
            var expected = KernelReference.MatVec(w, rows, cols, x);
            float[]? first = null;
            foreach (int threads in new[] { 1, 3 })
            {
                using var pool = new ComputePool(threads);
                var y = new float[rows];
                HalfMatVec.Multiply(w, rows, cols, x, y, pool, width);
                for (int r = 0; r < rows; r++)
                {
                    double tolerance = KernelReference.Tolerance(expected[r].Magnitude, cols);
                    Assert.InRange(y[r], expected[r].Value - tolerance, expected[r].Value + tolerance);
                }
                if (first is null)
                    first = y;
                else
                    Assert.Equal(first, y); // one thread computes each row in a fixed order
            }
        }
    }

    [Fact]
    public void MatVec_reads_a_matrix_embedded_in_a_longer_span_and_leaves_the_rest_of_y()
    {
        const int rows = 9, cols = 17;
        var random = new Random(5);
        var w = KernelReference.RandomHalves(random, rows * cols + 50, 0.3);
        var x = KernelReference.RandomFloats(random, cols + 3);
        var y = Enumerable.Repeat(42f, rows + 2).ToArray();
        HalfMatVec.Multiply(w, rows, cols, x, y);
        var expected = KernelReference.MatVec(w, rows, cols, x);
        for (int r = 0; r < rows; r++)
            Assert.Equal(expected[r].Value, y[r], 4);
        Assert.Equal(42f, y[rows]);
        Assert.Equal(42f, y[rows + 1]);
    }

    [Fact]
    public void MatVec_rejects_spans_too_short_for_the_shape()
    {
        Assert.Throws<ArgumentException>(() => HalfMatVec.Multiply(new Half[10], 3, 4, new float[4], new float[3]));
        Assert.Throws<ArgumentException>(() => HalfMatVec.Multiply(new Half[12], 3, 4, new float[3], new float[3]));
        Assert.Throws<ArgumentException>(() => HalfMatVec.Multiply(new Half[12], 3, 4, new float[4], new float[2]));
    }

    [Fact]
    public void The_best_width_is_the_widest_the_runtime_accelerates()
    {
        var expected = Vector512.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx512F.IsSupported ? SimdWidth.V512
            : Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported ? SimdWidth.V256
            : Vector128.IsHardwareAccelerated ? SimdWidth.V128 : SimdWidth.Scalar;
        Assert.Equal(expected, SimdWidths.Best);
        Assert.Contains(SimdWidth.Scalar, SimdWidths.Supported);
    }

    private static int Count(SimdWidth width) => width switch
    {
        SimdWidth.V512 => 16,
        SimdWidth.V256 => 8,
        SimdWidth.V128 => 4,
        _ => 1,
    };
}
