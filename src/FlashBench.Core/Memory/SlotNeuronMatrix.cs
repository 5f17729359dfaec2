namespace FlashBench.Core.Memory;

/// <summary>§3.3's memory management: one matrix of Req × RowBytes preallocated per layer, num_used rows in
/// use. Delete overwrites each stale row with the last live used row (O(c · row) for c deletions, no
/// shifting); insert appends at num_used. Never reallocates.</summary>
public sealed unsafe class SlotNeuronMatrix : INeuronMatrix
{
    private readonly NativeRows _rows;
    private readonly int[] _neuronOfRow;
    private readonly int[] _rowOfNeuron;

    /// <param name="capacityRows">Req_i: the most neurons the window ever holds in this layer.</param>
    /// <param name="neuronsPerLayer">d_ff, the range of neuron ids.</param>
    public SlotNeuronMatrix(int capacityRows, int rowBytes, int neuronsPerLayer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowBytes);
        _rows = new NativeRows(capacityRows, rowBytes);
        _neuronOfRow = new int[capacityRows];
        _rowOfNeuron = new int[neuronsPerLayer];
        Array.Fill(_rowOfNeuron, -1);
        RowBytes = rowBytes;
    }

    public string Manager => "slots";
    public int RowBytes { get; }
    public int Count { get; private set; }
    public int CapacityRows => _rows.Rows;
    public ReadOnlySpan<int> Neurons => _neuronOfRow.AsSpan(0, Count);

    public int RowOf(int neuron) => _rowOfNeuron[neuron];

    public Span<byte> Row(int row) => new(RowPointer(row), RowBytes);

    public byte* RowPointer(int row)
    {
        if ((uint)row >= (uint)_rows.Rows)
            throw new ArgumentOutOfRangeException(nameof(row));
        return _rows.Row(row);
    }

    public MatrixUpdate Update(ReadOnlySpan<int> delete, ReadOnlySpan<int> insert, Span<int> rowsOfInserted)
    {
        int remaining = Count - delete.Length;
        if (remaining + insert.Length > CapacityRows)
            throw new InvalidOperationException($"the layer needs {remaining + insert.Length} rows but Req = {CapacityRows} were preallocated");
        foreach (int neuron in delete)
        {
            int row = _rowOfNeuron[neuron];
            if (row < 0)
                throw new InvalidOperationException($"neuron {neuron} is not resident");
            _neuronOfRow[row] = -1; // stale
            _rowOfNeuron[neuron] = -1;
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
            Buffer.MemoryCopy(_rows.Row(last), _rows.Row(row), RowBytes, RowBytes);
            copied += RowBytes;
            int moved = _neuronOfRow[last];
            _neuronOfRow[row] = moved;
            _rowOfNeuron[moved] = row;
            _neuronOfRow[last--] = -1;
        }
        Count = remaining;
        for (int i = 0; i < insert.Length; i++)
        {
            int neuron = insert[i];
            if (_rowOfNeuron[neuron] >= 0)
                throw new InvalidOperationException($"neuron {neuron} is already resident");
            _neuronOfRow[Count] = neuron;
            _rowOfNeuron[neuron] = Count;
            rowsOfInserted[i] = Count++;
        }
        return new MatrixUpdate(copied, 0, delete.Length, insert.Length);
    }

    public void Clear()
    {
        foreach (int neuron in Neurons)
            _rowOfNeuron[neuron] = -1;
        Count = 0;
    }

    public void Dispose() => _rows.Dispose();
}
