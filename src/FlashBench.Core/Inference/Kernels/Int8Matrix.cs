namespace FlashBench.Core.Inference.Kernels;

/// <summary>A row-major int8 matrix with one symmetric scale per row (w ≈ scale_r · q, q in −127 … 127) and each
/// row's sum of q, which the unsigned-input dot product (VNNI) needs to undo its +128 offset of the input.</summary>
public sealed class Int8Matrix
{
    private Int8Matrix(int rows, int cols)
    {
        Rows = rows;
        Cols = cols;
        Weights = GC.AllocateUninitializedArray<sbyte>(checked(rows * cols), pinned: true);
        Scales = new float[rows];
        RowSums = new int[rows];
    }

    public int Rows { get; }
    public int Cols { get; }
    public sbyte[] Weights { get; }
    public float[] Scales { get; }
    public int[] RowSums { get; }

    /// <summary>Bytes a product streams: the int8 weights plus the per-row scale and sum.</summary>
    public long Bytes => (long)Rows * Cols + Rows * (sizeof(float) + sizeof(int));

    /// <summary>Quantizes fp16 weights row by row: scale = max |w| / 127, q = round(w / scale).</summary>
    public static Int8Matrix Quantize(ReadOnlySpan<Half> weights, int rows, int cols)
    {
        if (rows <= 0 || cols <= 0 || weights.Length < (long)rows * cols)
            throw new ArgumentException($"matrix {rows}×{cols} does not fit {weights.Length} weights");
        var matrix = new Int8Matrix(rows, cols);
        for (int r = 0; r < rows; r++)
        {
            var row = weights.Slice(r * cols, cols);
            float max = 0;
            foreach (var w in row)
                max = Math.Max(max, Math.Abs((float)w));
            float scale = max > 0 ? max / 127 : 1;
            var q = matrix.Weights.AsSpan(r * cols, cols);
            int sum = 0;
            for (int c = 0; c < cols; c++)
            {
                q[c] = (sbyte)Math.Clamp(MathF.Round((float)row[c] / scale), -127, 127);
                sum += q[c];
            }
            matrix.Scales[r] = scale;
            matrix.RowSums[r] = sum;
        }
        return matrix;
    }
}
