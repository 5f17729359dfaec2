using System.Numerics.Tensors;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>y = W·x for a row-major fp16 matrix with fp32 accumulation: each row is widened into a
/// scratch row, then dotted. Weights stay fp16 in DRAM (half the memory of the paper's fp32 CPU runs).</summary>
public static class HalfMatVec
{
    public static void Multiply(ReadOnlySpan<Half> weights, int rows, int cols, ReadOnlySpan<float> x, Span<float> y, Span<float> scratchRow)
    {
        if (weights.Length < (long)rows * cols || x.Length < cols || y.Length < rows || scratchRow.Length < cols)
            throw new ArgumentException($"matrix {rows}×{cols} does not fit the given spans");
        var row = scratchRow[..cols];
        var input = x[..cols];
        for (int r = 0; r < rows; r++)
        {
            TensorPrimitives.ConvertToSingle(weights.Slice(r * cols, cols), row);
            y[r] = TensorPrimitives.Dot(row, input);
        }
    }
}
