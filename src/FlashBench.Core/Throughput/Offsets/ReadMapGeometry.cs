using System.Numerics;

namespace FlashBench.Core.Throughput.Offsets;

/// <summary>How a run's chunk sizes tile its file: the unit (greatest common divisor of the sizes: every chunk is a
/// whole number of units, so overlaps are exact) and the slab (least common multiple: every size tiles a slab
/// exactly; for powers of two, the largest chunk).</summary>
public sealed record ReadMapGeometry(long FileBytes, int UnitBytes, int SlabBytes, int SlabCount, IReadOnlyList<int> ChunkSizes)
{
    public static ReadMapGeometry For(long fileBytes, IEnumerable<int> chunkSizes)
    {
        var sizes = chunkSizes.Distinct().Order().ToList();
        if (sizes.Count == 0)
            throw new ArgumentException("a read map needs at least one chunk size", nameof(chunkSizes));
        if (sizes[0] <= 0)
            throw new ArgumentOutOfRangeException(nameof(chunkSizes), $"chunk size {sizes[0]} is not positive");
        if (sizes.Count > 254)
            throw new ArgumentException("a read map holds at most 254 chunk sizes", nameof(chunkSizes));
        long unit = sizes.Aggregate(0L, (g, s) => (long)BigInteger.GreatestCommonDivisor(g, s));
        long slab = 1;
        foreach (int size in sizes)
        {
            slab = slab / (long)BigInteger.GreatestCommonDivisor(slab, size) * size;
            if (slab > fileBytes || slab > int.MaxValue)
                throw new ArgumentException(
                    $"the chunk sizes {string.Join(", ", sizes.Select(s => Units.FormatChunk(s)))} have no common multiple within the {Units.FormatBytes(fileBytes)} file (powers of two always do)",
                    nameof(chunkSizes));
        }
        return new ReadMapGeometry(fileBytes, (int)unit, (int)slab, (int)(fileBytes / slab), sizes);
    }

    public int UnitsPerSlab => SlabBytes / UnitBytes;

    /// <summary>The part of the file the map hands out: whole slabs (the tail beyond the last slab is never read).</summary>
    public long MappedBytes => (long)SlabCount * SlabBytes;
}
