namespace FlashBench.Core.Inference.Engine;

/// <summary>Shuffled passes over aligned slots of a file region (offsets start, start + stride, …): within a pass every
/// slot comes once. <see cref="Take"/> returns 0 at the end of a pass, and only <see cref="StartPass"/> begins another one (another
/// shuffle), so a caller decides when re-reading is acceptable.</summary>
public sealed class ShuffledSlots(long start, long slots, long stride, ulong seed)
{
    private readonly Random _random = new(unchecked((int)(seed ^ (seed >> 32))));
    private long[] _offsets = [];
    private int _next;

    public long Stride { get; } = stride;

    /// <summary>True once a second pass has begun: offsets of the first are read again.</summary>
    public bool Wrapped { get; private set; }

    public int Remaining => _offsets.Length - _next;

    public void StartPass()
    {
        Wrapped |= _offsets.Length > 0;
        _offsets = new long[Math.Min(slots, int.MaxValue)];
        for (int i = 0; i < _offsets.Length; i++)
            _offsets[i] = start + i * Stride;
        _random.Shuffle(_offsets);
        _next = 0;
    }

    /// <summary>Copies the next offsets of the pass into <paramref name="destination"/>; returns how many (0 at its end).</summary>
    public int Take(Span<long> destination)
    {
        int count = Math.Min(destination.Length, Remaining);
        _offsets.AsSpan(_next, count).CopyTo(destination);
        _next += count;
        return count;
    }
}
