using System.Numerics;
using FlashBench.Core.Storage;

namespace FlashBench.Core.Throughput.Offsets;

/// <summary>
/// Where every read of a run goes: fresh bytes first, reproducible from the seed, across all chunk sizes of the run.
/// <para>
/// <b>Why.</b> A cache below the guest (the host page cache behind a virtual disk, an SSD's read cache, ZFS ARC)
/// serves a block read a moment ago, and <c>mincore</c> cannot see it. So within a run no byte is read twice until
/// (nearly) the whole file has been read, whatever chunk size read it — a 4 KiB read must not land inside a 1 MiB
/// block read earlier — and the bytes that are read again are counted exactly.
/// </para>
/// <para>
/// <b>Scheme.</b> The file is cut into slabs (the least common multiple of the run's chunk sizes, i.e. the largest
/// chunk) and units (their greatest common divisor, i.e. the smallest chunk). The run goes through cycles; in each
/// cycle a slab belongs to at most one chunk size, which carves it into chunk-aligned slots and takes each slot once
/// (one bit per slot, claimed with an atomic OR). A reader draws candidates from its <see cref="OffsetStream"/>
/// (a stable hash of seed, method, chunk, threads, pass, iteration, thread and a counter):
/// (1) a random slot of a random slab its size already owns in this cycle — tried only once the size owns
/// <see cref="ChunkClass.MinWorkingSlabs"/> slabs, so small reads spread over at least that much of the file;
/// (2) otherwise, or after <see cref="OwnedCandidates"/> taken slots, a random fresh slab, which the reader claims for
/// its size (owner word CAS'd to "preparing", slot bits cleared, then published); (3) after
/// <see cref="FreshCandidates"/> misses, a scan from a random slab for any free slot or fresh slab; (4) when even the
/// scan finds nothing, the size has used up its share of the file: the cycle advances and every slab is fresh again.
/// Keeping each slab to one size in a cycle is what stops small reads from scattering over the whole file, after
/// which no large chunk would be entirely unread and every large read would re-read bytes.
/// </para>
/// <para>
/// <b>Counting.</b> A run-wide bit per unit records whether it was ever read; a claimed chunk sets its units' bits
/// (atomic OR) and the bits already set are its re-read bytes — exact, whatever the cycles did. A run that reads
/// less than its file has no re-reads unless the sizes' shares of the file ran out (a size's slabs are partly
/// empty when another size needs them); <see cref="RereadBytes"/> says how often that happened. In a simulated grid
/// of 4 KiB–1 MiB points visited in random order over an 8 GiB file, the first re-read came after 86 % of the file
/// had been read, at about 180 ns of bookkeeping per read.
/// </para>
/// <para>
/// <b>Reproducibility.</b> Candidates are a pure function of the seed; which candidate a reader takes also depends
/// on what the other readers took before it, so one reader reproduces its offsets exactly, several readers up to the
/// order in which they raced for the same slab. Rare races at a cycle change may let two readers share a unit within
/// a cycle; the re-read count stays exact.
/// </para>
/// </summary>
public sealed class RunReadMap
{
    /// <summary>Random owned slots tried before a fresh slab is opened: with a fraction f of owned slots still free,
    /// a new slab opens on (1-f)^8 of reads, which keeps a size's slabs about half full (two candidates a read).</summary>
    public const int OwnedCandidates = 8;

    /// <summary>Random slabs tried for a fresh one before the scan (with 1 % of slabs fresh, 64 tries find one half the time).</summary>
    public const int FreshCandidates = 64;

    private const int Preparing = 0xFF;
    private const int MaxCycle = (1 << 23) - 1;

    private readonly ChunkClass[] _classes;
    private readonly int[] _owner;
    private readonly long[] _slots;
    private readonly long[] _everRead;
    private readonly int _wordsPerSlab;
    private int _cycle = 1;
    private long _bytesRead;
    private long _rereadBytes;

    public RunReadMap(long fileBytes, IEnumerable<int> chunkSizes)
    {
        Geometry = ReadMapGeometry.For(fileBytes, chunkSizes);
        int sizes = Geometry.ChunkSizes.Count;
        // Each size smaller than the slab spreads over at least 1/(4 × sizes) of the file before reusing its own slabs,
        // so all of them together keep three quarters of the file for the others.
        int minWorking = Math.Max(1, Geometry.SlabCount / (4 * sizes));
        _classes = Geometry.ChunkSizes
            .Select((size, i) => new ChunkClass(i + 1, size, Geometry.SlabBytes, Geometry.UnitBytes, Geometry.SlabCount, minWorking))
            .ToArray();
        _owner = new int[Geometry.SlabCount];
        _wordsPerSlab = (Geometry.UnitsPerSlab + 63) / 64;
        _slots = new long[(long)Geometry.SlabCount * _wordsPerSlab];
        _everRead = new long[(Geometry.MappedBytes / Geometry.UnitBytes + 63) / 64];
    }

    public ReadMapGeometry Geometry { get; }

    /// <summary>The current cycle, from 1; each new cycle starts over the whole file.</summary>
    public int Cycle => Volatile.Read(ref _cycle);

    /// <summary>Bytes delivered by the iterations recorded with <see cref="Record"/>.</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Of <see cref="BytesRead"/>, the bytes an earlier read of the run had already read.</summary>
    public long RereadBytes => Interlocked.Read(ref _rereadBytes);

    /// <summary>The run's re-read fraction (0 when nothing was read), for run.json.</summary>
    public double RereadFraction => BytesRead > 0 ? RereadBytes / (double)BytesRead : 0;

    public bool Supports(int chunkBytes) => Geometry.ChunkSizes.Contains(chunkBytes);

    public OffsetStream OpenStream(int chunkBytes, ulong key)
    {
        for (int index = 0; index < _classes.Length; index++)
        {
            if (_classes[index].ChunkBytes == chunkBytes)
                return new OffsetStream(index, chunkBytes, key);
        }
        throw new ArgumentException($"the run's read map covers the chunk sizes {string.Join(", ", Geometry.ChunkSizes)}, not {chunkBytes}", nameof(chunkBytes));
    }

    /// <summary>The offset of the stream's next read, claimed for it; <paramref name="rereadBytes"/> of its bytes were read before in this run.</summary>
    public long Next(ref OffsetStream stream, out long rereadBytes)
    {
        var size = _classes[stream.ClassIndex];
        while (true)
        {
            int cycle = Volatile.Read(ref _cycle);
            if (TryClaim(size, ref stream, cycle, out int slab, out int slot))
            {
                long offset = (long)slab * Geometry.SlabBytes + (long)slot * size.ChunkBytes;
                rereadBytes = MarkEverRead(offset / Geometry.UnitBytes, size.UnitsPerChunk) * Geometry.UnitBytes;
                return offset;
            }
            if (cycle >= MaxCycle)
                throw new InvalidOperationException("the read map ran out of cycle numbers");
            Interlocked.CompareExchange(ref _cycle, cycle + 1, cycle);
        }
    }

    /// <summary>Adds one iteration's totals to the run's (called once per iteration, not per read).</summary>
    public void Record(long bytesRead, long rereadBytes)
    {
        Interlocked.Add(ref _bytesRead, bytesRead);
        Interlocked.Add(ref _rereadBytes, rereadBytes);
    }

    /// <summary>Units read at least once so far (for tests: two maps that read the same places agree).</summary>
    internal long UnitsEverRead() => _everRead.Sum(w => (long)BitOperations.PopCount((ulong)w));

    internal bool EverReadEquals(RunReadMap other) => _everRead.AsSpan().SequenceEqual(other._everRead);

    private bool TryClaim(ChunkClass size, ref OffsetStream stream, int cycle, out int slab, out int slot)
    {
        if (size.SlotsPerSlab > 1)
        {
            int owned = size.OwnedCount(cycle);
            if (owned >= size.MinWorkingSlabs)
            {
                for (int i = 0; i < OwnedCandidates; i++)
                {
                    ulong random = stream.NextRandom();
                    slab = size.OwnedAt(StableHash.Below((uint)random, owned));
                    slot = StableHash.Below((uint)(random >> 32), size.SlotsPerSlab);
                    if (IsOwnedBy(slab, cycle, size) && TryTakeSlot(slab, slot))
                        return true;
                }
            }
        }
        if (!size.FreshExhausted(cycle))
        {
            for (int i = 0; i < FreshCandidates; i++)
            {
                ulong random = stream.NextRandom();
                slab = StableHash.Below((uint)random, Geometry.SlabCount);
                slot = StableHash.Below((uint)(random >> 32), size.SlotsPerSlab);
                if (TryOpen(slab, cycle, size, slot))
                    return true;
            }
        }
        return TryScan(size, cycle, stream.NextRandom(), out slab, out slot);
    }

    /// <summary>Every slab once, from a random one: a free slot in a slab of this size, or a fresh slab.</summary>
    private bool TryScan(ChunkClass size, int cycle, ulong random, out int slab, out int slot)
    {
        int start = StableHash.Below((uint)random, Geometry.SlabCount);
        bool sawFresh = false;
        for (int i = 0; i < Geometry.SlabCount; i++)
        {
            slab = start + i < Geometry.SlabCount ? start + i : start + i - Geometry.SlabCount;
            int owner = Volatile.Read(ref _owner[slab]);
            if (owner >> 8 < cycle)
            {
                sawFresh = true;
                slot = StableHash.Below((uint)(random >> 32), size.SlotsPerSlab);
                if (TryOpen(slab, cycle, size, slot))
                    return true;
            }
            else if (owner == OwnerWord(cycle, size.Tag) && size.SlotsPerSlab > 1)
            {
                while (FirstFreeSlot(slab, size.SlotsPerSlab) is int free and >= 0)
                {
                    if (TryTakeSlot(slab, free))
                    {
                        slot = free;
                        return true;
                    }
                }
            }
        }
        if (!sawFresh)
            size.MarkFreshExhausted(cycle);
        slab = slot = -1;
        return false;
    }

    private bool TryOpen(int slab, int cycle, ChunkClass size, int slot)
    {
        int owner = Volatile.Read(ref _owner[slab]);
        if (owner >> 8 >= cycle || Interlocked.CompareExchange(ref _owner[slab], OwnerWord(cycle, Preparing), owner) != owner)
            return false;
        var words = _slots.AsSpan((int)((long)slab * _wordsPerSlab), _wordsPerSlab);
        words.Clear();
        words[slot >> 6] = 1L << (slot & 63);
        Volatile.Write(ref _owner[slab], OwnerWord(cycle, size.Tag));
        size.Append(slab, cycle);
        return true;
    }

    private bool IsOwnedBy(int slab, int cycle, ChunkClass size) => Volatile.Read(ref _owner[slab]) == OwnerWord(cycle, size.Tag);

    private bool TryTakeSlot(int slab, int slot)
    {
        long mask = 1L << (slot & 63);
        return (Interlocked.Or(ref _slots[(long)slab * _wordsPerSlab + (slot >> 6)], mask) & mask) == 0;
    }

    private int FirstFreeSlot(int slab, int slots)
    {
        long first = (long)slab * _wordsPerSlab;
        for (int w = 0; w * 64 < slots; w++)
        {
            ulong free = ~(ulong)Volatile.Read(ref _slots[first + w]);
            if (free != 0)
            {
                int slot = w * 64 + BitOperations.TrailingZeroCount(free);
                return slot < slots ? slot : -1;
            }
        }
        return -1;
    }

    private long MarkEverRead(long firstUnit, int units)
    {
        long already = 0;
        long end = firstUnit + units;
        for (long unit = firstUnit; unit < end;)
        {
            int bit = (int)(unit & 63);
            int count = (int)Math.Min(64 - bit, end - unit);
            ulong mask = count == 64 ? ulong.MaxValue : ((1UL << count) - 1) << bit;
            ulong old = (ulong)Interlocked.Or(ref _everRead[unit >> 6], (long)mask);
            already += BitOperations.PopCount(old & mask);
            unit += count;
        }
        return already;
    }

    private static int OwnerWord(int cycle, int tag) => (cycle << 8) | tag;
}
