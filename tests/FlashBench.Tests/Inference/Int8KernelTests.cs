using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;

namespace FlashBench.Tests.Inference;

/// <summary>The int8 kernel: quantization per row, every integer path the CPU runs gives exactly the integer dot
/// product of a plain loop (so the same bits), on one thread and several; and the result stays within the
/// quantization error of the fp16 product it stands for.</summary>
public sealed class Int8KernelTests
{
    public static TheoryData<Int8Path> Paths()
    {
        var data = new TheoryData<Int8Path>();
        foreach (var path in Int8Paths.Supported)
            data.Add(path);
        return data;
    }

    [Fact]
    public void Quantization_keeps_each_row_within_half_a_step()
    {
        var random = new Random(3);
        const int rows = 5, cols = 70;
        var w = KernelReference.RandomHalves(random, rows * cols, 0.7);
        w[3] = (Half)0; // a zero in a row
        var zeroRow = new Half[cols];
        var matrix = Int8Matrix.Quantize([.. w, .. zeroRow], rows + 1, cols);
        for (int r = 0; r < rows; r++)
        {
            float scale = matrix.Scales[r];
            Assert.Equal(Enumerable.Range(0, cols).Max(c => Math.Abs((float)w[r * cols + c])) / 127, scale, 6);
            Assert.Contains(matrix.Weights.Skip(r * cols).Take(cols), q => Math.Abs((int)q) == 127);
            for (int c = 0; c < cols; c++)
                Assert.InRange((float)w[r * cols + c] - scale * matrix.Weights[r * cols + c], -scale / 2 - 1e-7, scale / 2 + 1e-7);
            Assert.Equal(matrix.Weights.Skip(r * cols).Take(cols).Sum(q => (int)q), matrix.RowSums[r]);
        }
        Assert.All(matrix.Weights.Skip(rows * cols), q => Assert.Equal(0, q));
        Assert.Equal((long)(rows + 1) * cols + (rows + 1) * 8, matrix.Bytes);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Every_path_equals_the_exact_integer_reference(Int8Path path)
    {
        foreach (var (rows, cols) in new[] { (1, 1), (3, 31), (6, 33), (5, 100), (16, 64), (130, 1031), (400, 345) })
        {
            var random = new Random(rows * 131 + cols);
            var w = KernelReference.RandomHalves(random, (long)rows * cols, 0.5);
            var x = KernelReference.RandomFloats(random, cols);
            x[0] = cols > 1 ? -1.5f : x[0]; // the largest magnitude is negative: the input scale uses |x|
            var matrix = Int8Matrix.Quantize(w, rows, cols);
            var expected = ExactReference(matrix, x);
            foreach (int threads in new[] { 1, 3 })
            {
                using var pool = new ComputePool(threads);
                var y = new float[rows];
                Int8MatVec.Multiply(matrix, x, y, pool, path);
                Assert.Equal(expected, y);
            }
        }
    }

    [Fact]
    public void Result_is_within_quantization_error_of_the_fp16_product()
    {
        const int rows = 64, cols = 512;
        var random = new Random(11);
        var w = KernelReference.RandomHalves(random, rows * cols, 0.05);
        var x = KernelReference.RandomFloats(random, cols);
        var matrix = Int8Matrix.Quantize(w, rows, cols);
        var y = new float[rows];
        Int8MatVec.Multiply(matrix, x, y);
        var exact = KernelReference.MatVec(w, rows, cols, x);
        float xScale = x.Max(Math.Abs) / 127;
        for (int r = 0; r < rows; r++)
        {
            // |Δ| ≤ Σ|x|·s_w/2 + Σ|w|·s_x/2 + n·s_w·s_x/4 (rounding both operands)
            double bound = cols * (1.0 * matrix.Scales[r] / 2 + 0.05 * xScale / 2 + matrix.Scales[r] * xScale / 4);
            Assert.InRange(y[r], exact[r].Value - bound, exact[r].Value + bound);
        }
        // and it is not trivially loose: the products are of order √cols · 0.05 · 0.5
        Assert.Contains(exact, e => Math.Abs(e.Value) > 0.2);
    }

    /// <summary>Quantize x as the kernel documents, then a plain integer loop per row.</summary>
    private static float[] ExactReference(Int8Matrix matrix, float[] x)
    {
        float max = x.Take(matrix.Cols).Max(Math.Abs);
        float scale = max > 0 ? max / 127 : 1;
        float inverse = 1 / scale;
        var q = x.Take(matrix.Cols).Select(v => (int)Math.Clamp(MathF.Round(v * inverse), -127, 127)).ToArray();
        var y = new float[matrix.Rows];
        for (int r = 0; r < matrix.Rows; r++)
        {
            int dot = 0;
            for (int c = 0; c < matrix.Cols; c++)
                dot += matrix.Weights[r * matrix.Cols + c] * q[c];
            y[r] = matrix.Scales[r] * scale * dot;
        }
        return y;
    }
}
