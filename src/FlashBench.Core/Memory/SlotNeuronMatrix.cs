namespace FlashBench.Core.Memory;

/// <summary>§3.3's memory management: one matrix of Req × RowBytes preallocated per layer, num_used rows in
/// use. Delete overwrites each stale row with the last live used row (O(c · row) for c deletions, no
/// shifting); insert appends at num_used. Never reallocates.</summary>
public sealed unsafe class SlotNeuronMatrix : NeuronMatrixBase
{
    private readonly int[] _neuronOfRow;

    /// <param name="capacityRows">Req_i: the most neurons the window ever holds in this layer.</param>
    /// <param name="neuronsPerLayer">d_ff, the range of neuron ids.</param>
    public SlotNeuronMatrix(int capacityRows, int rowBytes, int neuronsPerLayer)
        : base(new NativeRows(Math.Max(0, capacityRows), rowBytes), rowBytes, neuronsPerLayer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityRows);
        _neuronOfRow = new int[capacityRows];
    }

    public override string Manager => "slots";

    public override ReadOnlySpan<int> Neurons => _neuronOfRow.AsSpan(0, Count);

    public override MatrixUpdate Update(ReadOnlySpan<int> delete, ReadOnlySpan<int> insert, Span<int> rowsOfInserted)
    {
        int remaining = Count - delete.Length;
        if (remaining + insert.Length > CapacityRows)
            throw new InvalidOperationException($"the layer needs {remaining + insert.Length} rows but Req = {CapacityRows} were preallocated");
        foreach (int neuron in delete)
        {
            int row = RowOfNeuron[neuron];
            if (row < 0)
                throw new InvalidOperationException($"neuron {neuron} is not resident");
            _neuronOfRow[row] = -1; // stale
            RowOfNeuron[neuron] = -1;
        }
        // Each stale row below the new num_used takes the last used row that is still live; stale rows at the
        // end are simply dropped, so c deletions copy at most c rows (§3.3) and often fewer.
        long copied = 0;
        int last = Count - 1;
        for (int row = 0; row < remaining; row++)
        {
            if (_neuronOfRow[row] >= 0)
                continue;
            while (_neuronOfRow[last] < 0)
                last--;
            Buffer.MemoryCopy(Storage.Row(last), Storage.Row(row), RowBytes, RowBytes);
            copied += RowBytes;
            int moved = _neuronOfRow[last];
            _neuronOfRow[row] = moved;
            RowOfNeuron[moved] = row;
            _neuronOfRow[last--] = -1;
        }
        Count = remaining;
        for (int i = 0; i < insert.Length; i++)
        {
            int neuron = insert[i];
            if (RowOfNeuron[neuron] >= 0)
                throw new InvalidOperationException($"neuron {neuron} is already resident");
            _neuronOfRow[Count] = neuron;
            RowOfNeuron[neuron] = Count;
            rowsOfInserted[i] = Count++;
        }
        return new MatrixUpdate(copied, 0, delete.Length, insert.Length);
    }
}
