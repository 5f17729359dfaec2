using System.Numerics.Tensors;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>The FFN over whichever neuron rows are in DRAM (paper §3.3: matrix[:num_used, :d_model] is the
/// up-projection, matrix[:num_used, d_model:]ᵀ the down-projection; row order does not matter):
/// a_i = ReLU(up_i · x) (gated: ReLU(gate_i · x) · (up_i · x)), y += a_i · down_i. Dense = every row present.
/// Biases are omitted: synthetic weights carry none.</summary>
public static class SparseFfn
{
    /// <summary>Adds the FFN output of <paramref name="count"/> consecutive rows to <paramref name="y"/>;
    /// returns how many neurons were non-zero after the ReLU.</summary>
    public static int Accumulate(NeuronRowLayout layout, ReadOnlySpan<Half> rows, int count,
        ReadOnlySpan<float> x, Span<float> y, Span<float> scratchRow)
    {
        int stride = layout.RowWeights;
        if (rows.Length < (long)count * stride)
            throw new ArgumentException($"{count} rows of {stride} weights do not fit {rows.Length} values");
        int nonZero = 0;
        for (int i = 0; i < count; i++)
        {
            if (Neuron(layout, rows.Slice(i * stride, stride), x, y, scratchRow))
                nonZero++;
        }
        return nonZero;
    }

    /// <summary>Adds one neuron's contribution; false when the ReLU zeroed it.</summary>
    public static bool Neuron(NeuronRowLayout layout, ReadOnlySpan<Half> neuron, ReadOnlySpan<float> x, Span<float> y, Span<float> scratchRow)
    {
        int d = layout.DModel;
        var input = x[..d];
        var row = scratchRow[..d];
        float a;
        if (layout.Gated)
        {
            TensorPrimitives.ConvertToSingle(neuron.Slice(layout.GateOffset, d), row);
            a = TensorPrimitives.Dot(row, input);
            if (a <= 0)
                return false;
            TensorPrimitives.ConvertToSingle(neuron.Slice(layout.UpOffset, d), row);
            a *= TensorPrimitives.Dot(row, input);
        }
        else
        {
            TensorPrimitives.ConvertToSingle(neuron.Slice(layout.UpOffset, d), row);
            a = TensorPrimitives.Dot(row, input);
            if (a <= 0)
                return false;
        }
        TensorPrimitives.ConvertToSingle(neuron.Slice(layout.DownOffset, d), row);
        TensorPrimitives.MultiplyAdd(row, a, y[..d], y[..d]);
        return true;
    }
}
