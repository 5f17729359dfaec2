namespace FlashBench.Core.Throughput.Offsets;

/// <summary>The state <see cref="RunReadMap"/> keeps per chunk size: how the size tiles a slab, and the slabs it
/// owns in the current cycle (an append-only list, reset by a new cycle through the cycle number packed in its count).</summary>
internal sealed class ChunkClass
{
    private readonly int[] _owned;
    private long _cycleAndCount;
    private int _freshExhaustedCycle;

    public ChunkClass(int tag, int chunkBytes, int slabBytes, int unitBytes, int slabCount, int minWorkingSlabs)
    {
        Tag = tag;
        ChunkBytes = chunkBytes;
        SlotsPerSlab = slabBytes / chunkBytes;
        UnitsPerChunk = chunkBytes / unitBytes;
        MinWorkingSlabs = minWorkingSlabs;
        _owned = new int[slabCount];
    }

    /// <summary>1…254: the owner tag of this size in a slab's owner word.</summary>
    public int Tag { get; }
    public int ChunkBytes { get; }
    public int SlotsPerSlab { get; }
    public int UnitsPerChunk { get; }

    /// <summary>Slabs this size opens before it reuses its own: the least spread of its reads over the file.</summary>
    public int MinWorkingSlabs { get; }

    public int OwnedCount(int cycle)
    {
        long packed = Volatile.Read(ref _cycleAndCount);
        return (int)(packed >> 32) == cycle ? (int)packed : 0;
    }

    /// <summary>An entry below <see cref="OwnedCount"/>; it may still be unwritten or stale, so callers check the slab's owner.</summary>
    public int OwnedAt(int index) => Volatile.Read(ref _owned[index]);

    public void Append(int slab, int cycle)
    {
        while (true)
        {
            long packed = Volatile.Read(ref _cycleAndCount);
            int count = (int)(packed >> 32) == cycle ? (int)packed : 0;
            long next = ((long)cycle << 32) | (uint)(count + 1);
            if (Interlocked.CompareExchange(ref _cycleAndCount, next, packed) == packed)
            {
                Volatile.Write(ref _owned[count], slab);
                return;
            }
        }
    }

    /// <summary>Set when a scan found no fresh slab in <paramref name="cycle"/>: later reads skip the fresh-slab candidates.</summary>
    public bool FreshExhausted(int cycle) => Volatile.Read(ref _freshExhaustedCycle) == cycle;

    public void MarkFreshExhausted(int cycle) => Volatile.Write(ref _freshExhaustedCycle, cycle);
}
