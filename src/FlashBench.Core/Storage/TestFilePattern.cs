using System.Buffers.Binary;

namespace FlashBench.Core.Storage;

/// <summary>The deterministic, position-dependent, never-zero content of a FlashBench test file.
/// Every 8-byte word is a SplitMix64 hash of (seed, word index) with each byte's low bit forced on,
/// so no byte is zero (sparse or unwritten extents read as zeros without touching the device) and a
/// misplaced read is caught by comparison.</summary>
public static class TestFilePattern
{
    /// <summary>Fills <paramref name="destination"/> with the content found at <paramref name="fileOffset"/>.
    /// The offset must be 8-byte aligned.</summary>
    public static void Fill(Span<byte> destination, long fileOffset, ulong seed)
    {
        if ((fileOffset & 7) != 0)
            throw new ArgumentException("offset must be a multiple of 8", nameof(fileOffset));
        long word = fileOffset >> 3;
        int i = 0;
        for (; i + 8 <= destination.Length; i += 8, word++)
            BinaryPrimitives.WriteUInt64LittleEndian(destination[i..], WordAt(word, seed));
        if (i < destination.Length)
        {
            Span<byte> tail = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(tail, WordAt(word, seed));
            tail[..(destination.Length - i)].CopyTo(destination[i..]);
        }
    }

    public static ulong WordAt(long wordIndex, ulong seed) =>
        StableHash.At(seed, (ulong)wordIndex) | 0x0101010101010101UL;
}
