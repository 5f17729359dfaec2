namespace FlashBench.Core.Inference.Engine;

/// <summary>One shuffled pass over aligned slots of a file region (offsets start, start + stride, …): every slot comes
/// once, and <see cref="Take"/> returns 0 when the pass is used up.</summary>
public sealed class ShuffledSlots
{
    private readonly long[] _offsets;
    private int _next;

    public ShuffledSlots(long start, long slots, long stride, ulong seed)
    {
        _offsets = new long[Math.Min(slots, int.MaxValue)];
        for (int i = 0; i < _offsets.Length; i++)
            _offsets[i] = start + i * stride;
        new Random(unchecked((int)(seed ^ (seed >> 32)))).Shuffle(_offsets);
    }

    public int Remaining => _offsets.Length - _next;

    /// <summary>Copies the next offsets of the pass into <paramref name="destination"/>; returns how many (0 at its end).</summary>
    public int Take(Span<long> destination)
    {
        int count = Math.Min(destination.Length, Remaining);
        _offsets.AsSpan(_next, count).CopyTo(destination);
        _next += count;
        return count;
    }
}
