namespace FlashBench.Core.Memory;

/// <summary>The DRAM copy of one layer's resident FFN neurons (§3.3): row r (0 ≤ r &lt; Count) holds the
/// parts of neuron <see cref="NeuronAt"/>(r) back to back (up column then down row; gate, up, down for gated
/// FFNs), <see cref="RowBytes"/> bytes. Row order does not matter to compute. Not thread-safe, except that
/// distinct reserved rows may be written from different threads.</summary>
public unsafe interface INeuronMatrix : IDisposable
{
    /// <summary>"slots" (§3.3) or "naive".</summary>
    string Manager { get; }

    int RowBytes { get; }

    /// <summary>Rows in use (num_used in §3.3).</summary>
    int Count { get; }

    /// <summary>Rows of DRAM currently allocated.</summary>
    int CapacityRows { get; }

    /// <summary>The neuron id of each used row, in row order.</summary>
    ReadOnlySpan<int> Neurons { get; }

    /// <summary>The row holding <paramref name="neuron"/>, or −1.</summary>
    int RowOf(int neuron);

    int NeuronAt(int row) => Neurons[row];

    bool Contains(int neuron) => RowOf(neuron) >= 0;

    Span<byte> Row(int row);

    unsafe byte* RowPointer(int row);

    /// <summary>Removes <paramref name="delete"/> (all resident) and reserves one row per id of
    /// <paramref name="insert"/> (none resident), writing each one's row index into <paramref name="rowsOfInserted"/>.
    /// The caller then fills those rows. Returns the bytes this update copied inside DRAM.</summary>
    MatrixUpdate Update(ReadOnlySpan<int> delete, ReadOnlySpan<int> insert, Span<int> rowsOfInserted);

    /// <summary>Drops every row (bookkeeping only).</summary>
    void Clear();
}

/// <summary>What one <see cref="INeuronMatrix.Update"/> cost: bytes copied between rows or buffers, and buffers allocated.</summary>
public readonly record struct MatrixUpdate(long BytesCopied, long BytesAllocated, int Deleted, int Inserted);
