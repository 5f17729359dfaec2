namespace FlashBench.Core.Memory;

/// <summary>The naive manager §3.3 argues against: the resident neurons kept in id order in a buffer of
/// exactly the size needed, so every update allocates a new buffer, copies every surviving row into it
/// (shifting them around the deleted and inserted ones) and frees the old one.</summary>
public sealed unsafe class CompactingNeuronMatrix : NeuronMatrixBase
{
    private int[] _neuronOfRow = [];

    public CompactingNeuronMatrix(int rowBytes, int neuronsPerLayer)
        : base(new NativeRows(0, rowBytes), rowBytes, neuronsPerLayer)
    {
    }

    public override string Manager => "naive";

    public override ReadOnlySpan<int> Neurons => _neuronOfRow.AsSpan(0, Count);

    public override MatrixUpdate Update(ReadOnlySpan<int> delete, ReadOnlySpan<int> insert, Span<int> rowsOfInserted)
    {
        foreach (int neuron in delete)
        {
            if (RowOfNeuron[neuron] < 0)
                throw new InvalidOperationException($"neuron {neuron} is not resident");
        }
        var deleted = new HashSet<int>(delete.ToArray());
        var survivors = new List<int>(Count);
        foreach (int neuron in Neurons)
        {
            if (!deleted.Contains(neuron))
                survivors.Add(neuron);
        }
        var inserted = new int[insert.Length];
        for (int i = 0; i < insert.Length; i++)
        {
            if (RowOfNeuron[insert[i]] >= 0)
                throw new InvalidOperationException($"neuron {insert[i]} is already resident");
            inserted[i] = insert[i];
        }
        var order = survivors.Concat(inserted).Order().ToArray();
        var next = new NativeRows(order.Length, RowBytes, touch: false);
        long copied = 0;
        var insertIndex = new Dictionary<int, int>(inserted.Length);
        for (int i = 0; i < inserted.Length; i++)
            insertIndex[inserted[i]] = i;
        for (int row = 0; row < order.Length; row++)
        {
            int neuron = order[row];
            if (insertIndex.TryGetValue(neuron, out int i))
            {
                rowsOfInserted[i] = row;
                // fault the fresh row in here, so that its page faults count as memory management, not as the I/O that fills it
                new Span<byte>(next.Row(row), RowBytes).Clear();
            }
            else
            {
                Buffer.MemoryCopy(Storage.Row(RowOfNeuron[neuron]), next.Row(row), RowBytes, RowBytes);
                copied += RowBytes;
            }
        }
        foreach (int neuron in Neurons)
            RowOfNeuron[neuron] = -1;
        for (int row = 0; row < order.Length; row++)
            RowOfNeuron[order[row]] = row;
        Storage.Dispose();
        Storage = next;
        _neuronOfRow = order;
        Count = order.Length;
        return new MatrixUpdate(copied, next.Bytes, delete.Length, insert.Length);
    }

    public override void Clear()
    {
        base.Clear();
        _neuronOfRow = [];
        Storage.Dispose();
        Storage = new NativeRows(0, RowBytes);
    }
}
