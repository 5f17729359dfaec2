namespace FlashBench.Core.Inference.Kernels;

/// <summary>A row-major fp16 matrix that stays in DRAM, with the list of its subnormal halves built once
/// (<see cref="SubnormalCorrections"/>), so that <see cref="HalfMatVec.Multiply(HalfMatrix, ReadOnlySpan{float}, Span{float}, Compute.ComputePool?)"/>
/// runs the fast widening on every vector and stays exact. The weights are referenced, not copied.</summary>
public sealed class HalfMatrix
{
    private HalfMatrix(ReadOnlyMemory<Half> weights, int rows, int cols, SubnormalCorrections corrections)
    {
        Weights = weights;
        Rows = rows;
        Cols = cols;
        Corrections = corrections;
    }

    public ReadOnlyMemory<Half> Weights { get; }
    public int Rows { get; }
    public int Cols { get; }
    public SubnormalCorrections Corrections { get; }

    /// <summary>Bytes of fp16 weights (the list is <see cref="SubnormalCorrections.Bytes"/> more).</summary>
    public long Bytes => (long)Rows * Cols * sizeof(short);

    /// <summary>The <paramref name="rows"/> × <paramref name="cols"/> matrix at the start of <paramref name="weights"/>.</summary>
    public static HalfMatrix From(ReadOnlyMemory<Half> weights, int rows, int cols)
    {
        if (rows < 0 || cols < 0 || weights.Length < (long)rows * cols)
            throw new ArgumentException($"matrix {rows}×{cols} does not fit {weights.Length} values");
        var own = weights[..(rows * cols)];
        return new HalfMatrix(own, rows, cols, SubnormalCorrections.Build(own.Span, cols, rows, cols));
    }

    /// <summary>The <paramref name="rows"/> × <paramref name="cols"/> matrix at <paramref name="offset"/> of <paramref name="weights"/>.</summary>
    public static HalfMatrix From(Half[] weights, long offset, int rows, int cols)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (offset < 0 || offset + (long)rows * cols > weights.Length)
            throw new ArgumentException($"matrix {rows}×{cols} at {offset} does not fit {weights.Length} values");
        return From(weights.AsMemory((int)offset), rows, cols);
    }
}
