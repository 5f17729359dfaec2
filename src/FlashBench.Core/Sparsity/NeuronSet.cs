namespace FlashBench.Core.Sparsity;

/// <summary>An immutable set of FFN neuron ids of one layer, stored sorted and distinct.</summary>
public sealed class NeuronSet : IEquatable<NeuronSet>
{
    private readonly int[] _ids;

    private NeuronSet(int[] sortedDistinct) => _ids = sortedDistinct;

    public static NeuronSet Empty { get; } = new([]);

    /// <summary>The set of <paramref name="ids"/> (any order, duplicates dropped).</summary>
    public static NeuronSet From(IEnumerable<int> ids)
    {
        int[] array = ids.ToArray();
        Array.Sort(array);
        int count = 0;
        for (int i = 0; i < array.Length; i++)
        {
            if (array[i] < 0)
                throw new ArgumentOutOfRangeException(nameof(ids), $"neuron id {array[i]} is negative");
            if (count == 0 || array[count - 1] != array[i])
                array[count++] = array[i];
        }
        return count == 0 ? Empty : new NeuronSet(count == array.Length ? array : array[..count]);
    }

    public static NeuronSet Of(params int[] ids) => From(ids);

    public int Count => _ids.Length;

    /// <summary>The ids in increasing order.</summary>
    public ReadOnlySpan<int> Ids => _ids;

    /// <summary>The largest id, or -1 for the empty set.</summary>
    public int Max => _ids.Length == 0 ? -1 : _ids[^1];

    public bool Contains(int id) => Array.BinarySearch(_ids, id) >= 0;

    public NeuronSet Union(NeuronSet other) => From(_ids.Concat(other._ids));

    public NeuronSet Except(NeuronSet other) => new(_ids.Where(id => !other.Contains(id)).ToArray());

    public NeuronSet Intersect(NeuronSet other) => new(_ids.Where(other.Contains).ToArray());

    public IEnumerable<int> AsEnumerable() => _ids;

    public bool Equals(NeuronSet? other) => other is not null && _ids.AsSpan().SequenceEqual(other._ids);

    public override bool Equals(object? obj) => Equals(obj as NeuronSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int id in _ids)
            hash.Add(id);
        return hash.ToHashCode();
    }

    public override string ToString() => $"{{{string.Join(' ', _ids.Take(16))}{(_ids.Length > 16 ? " …" : "")}}} ({Count})";
}
