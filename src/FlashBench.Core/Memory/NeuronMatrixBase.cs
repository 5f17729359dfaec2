namespace FlashBench.Core.Memory;

/// <summary>What both DRAM managers share: native row storage, the neuron → row index, and row access.
/// They differ only in how <see cref="INeuronMatrix.Update"/> moves rows (§3.3 slots vs rebuild).</summary>
public abstract unsafe class NeuronMatrixBase : INeuronMatrix
{
    protected NeuronMatrixBase(NativeRows storage, int rowBytes, int neuronsPerLayer)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowBytes);
        Storage = storage;
        RowBytes = rowBytes;
        RowOfNeuron = new int[neuronsPerLayer];
        Array.Fill(RowOfNeuron, -1);
    }

    /// <summary>Row index of each neuron id, −1 when not resident.</summary>
    protected int[] RowOfNeuron { get; }

    protected NativeRows Storage { get; set; }

    public abstract string Manager { get; }
    public int RowBytes { get; }
    public int Count { get; protected set; }
    public int CapacityRows => Storage.Rows;
    public abstract ReadOnlySpan<int> Neurons { get; }

    public int RowOf(int neuron) => RowOfNeuron[neuron];

    public Span<byte> Row(int row) => new(RowPointer(row), RowBytes);

    public byte* RowPointer(int row)
    {
        if ((uint)row >= (uint)Storage.Rows)
            throw new ArgumentOutOfRangeException(nameof(row));
        return Storage.Row(row);
    }

    public abstract MatrixUpdate Update(ReadOnlySpan<int> delete, ReadOnlySpan<int> insert, Span<int> rowsOfInserted);

    public virtual void Clear()
    {
        foreach (int neuron in Neurons)
            RowOfNeuron[neuron] = -1;
        Count = 0;
    }

    public void Dispose()
    {
        Storage.Dispose();
        GC.SuppressFinalize(this);
    }
}
