using FlashBench.Core.Memory;
using FlashBench.Core.Weights;

namespace FlashBench.Core.Loading;

/// <summary>Checks that a DRAM matrix holds exactly what its bookkeeping says: each used row's bytes are the
/// named neuron's parts, and the neuron → row map agrees with the row → neuron list.</summary>
public static class MatrixVerifier
{
    /// <summary>The number of rows whose content or bookkeeping is wrong (0 when consistent).</summary>
    public static int CountMismatches(WeightFile file, int layer, INeuronMatrix matrix, byte[]? scratch = null)
    {
        scratch ??= new byte[file.Format.NeuronBytes];
        int wrong = 0;
        var neurons = matrix.Neurons;
        for (int row = 0; row < matrix.Count; row++)
        {
            int neuron = neurons[row];
            file.ExpectedNeuron(layer, neuron, scratch);
            if (matrix.RowOf(neuron) != row || !matrix.Row(row).SequenceEqual(scratch))
                wrong++;
        }
        return wrong;
    }
}
