using System.Runtime.CompilerServices;

namespace FlashBench.Core.Inference.Engine;

/// <summary>The paper's §3.3 per-layer DRAM matrix: Req rows of [up | down] (gated: [gate | up | down])
/// preallocated once, num_used rows in use in no particular order. Delete overwrites each stale row with
/// the last used row (O(c·d_model) for c deletions, no shifting); insert appends at num_used. The rows are
/// pinned so that reader threads can write loaded neurons straight into them.</summary>
public sealed unsafe class NeuronMatrix
{
    private readonly Half[] _data;
    private readonly int[] _rowOf;     // neuron → row, −1 when absent
    private readonly int[] _neuronAt;  // row → neuron

    public NeuronMatrix(int neurons, int capacity, int rowWeights)
    {
        Capacity = capacity;
        RowWeights = rowWeights;
        _data = GC.AllocateArray<Half>(checked(capacity * rowWeights), pinned: true);
        _rowOf = new int[neurons];
        Array.Fill(_rowOf, -1);
        _neuronAt = new int[capacity];
    }

    public int Capacity { get; }
    public int RowWeights { get; }
    public int Used { get; private set; }

    public ReadOnlySpan<Half> UsedRows => _data.AsSpan(0, Used * RowWeights);

    public long Bytes => (long)_data.Length * sizeof(short);

    public bool Contains(int neuron) => _rowOf[neuron] >= 0;

    public int RowOf(int neuron) => _rowOf[neuron];

    public nint RowPointer(int row) => (nint)Unsafe.AsPointer(ref _data[(long)row * RowWeights]);

    public Span<Half> Row(int row) => _data.AsSpan(row * RowWeights, RowWeights);

    /// <summary>Removes neurons by moving the last used row into each hole; returns rows copied.</summary>
    public int Delete(IReadOnlyList<int> neurons)
    {
        int copies = 0;
        foreach (int neuron in neurons)
        {
            int hole = _rowOf[neuron];
            if (hole < 0)
                throw new InvalidOperationException($"neuron {neuron} is not in the matrix");
            int last = Used - 1;
            if (hole != last)
            {
                _data.AsSpan(last * RowWeights, RowWeights).CopyTo(_data.AsSpan(hole * RowWeights, RowWeights));
                int moved = _neuronAt[last];
                _neuronAt[hole] = moved;
                _rowOf[moved] = hole;
                copies++;
            }
            _rowOf[neuron] = -1;
            Used--;
        }
        return copies;
    }

    /// <summary>Claims rows num_used … num_used+n−1 for <paramref name="neurons"/> (to be filled by the reader); returns the first row.</summary>
    public int Append(IReadOnlyList<int> neurons)
    {
        if (Used + neurons.Count > Capacity)
            throw new InvalidOperationException($"{Used + neurons.Count} rows needed, {Capacity} preallocated");
        int first = Used;
        foreach (int neuron in neurons)
        {
            if (_rowOf[neuron] >= 0)
                throw new InvalidOperationException($"neuron {neuron} is already in the matrix");
            _rowOf[neuron] = Used;
            _neuronAt[Used] = neuron;
            Used++;
        }
        return first;
    }

    public void Clear()
    {
        for (int row = 0; row < Used; row++)
            _rowOf[_neuronAt[row]] = -1;
        Used = 0;
    }
}
