using FlashBench.Core.Storage;

namespace FlashBench.Core.Throughput.Offsets;

/// <summary>One reader's source of candidate offsets for one iteration: the n-th candidate is a pure function of the
/// stream's key and n (<see cref="StableHash.At"/>), so the same seed proposes the same places in every run.
/// A value type owned by its reader thread; <see cref="RunReadMap.Next"/> advances it.</summary>
public struct OffsetStream
{
    internal OffsetStream(int classIndex, int chunkBytes, ulong key)
    {
        ClassIndex = classIndex;
        ChunkBytes = chunkBytes;
        Key = key;
    }

    internal int ClassIndex { get; }
    public int ChunkBytes { get; }
    public ulong Key { get; }

    /// <summary>Candidates drawn so far.</summary>
    public ulong Drawn { get; private set; }

    internal ulong NextRandom() => StableHash.At(Key, Drawn++);
}
