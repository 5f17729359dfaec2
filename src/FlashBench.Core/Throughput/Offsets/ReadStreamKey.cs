using FlashBench.Core.ReadPaths;
using FlashBench.Core.Storage;

namespace FlashBench.Core.Throughput.Offsets;

/// <summary>The key of one reader's offset stream: a stable hash of everything that identifies it in a run, so no
/// two readers, iterations, passes or grid points of a run start from the same candidates (with <see cref="HashCode"/>
/// every grid point re-proposed the same offsets, and each 4 KiB read fell inside a 1 MiB block read earlier).</summary>
public static class ReadStreamKey
{
    public static ulong For(ulong seed, ReadMethod method, int chunkBytes, int threads, int pass, int iteration, int thread) =>
        StableHash.Combine(seed, StableHash.Of(method.Name()), (ulong)chunkBytes, (ulong)threads, (ulong)pass, (ulong)iteration, (ulong)thread);

    /// <summary>The key of a grid point's reader; a queue depth above 1 is part of it (depth 1 keeps the keys of the
    /// methods without one).</summary>
    public static ulong For(ulong seed, ThroughputPoint point, int pass, int iteration, int thread)
    {
        ulong key = For(seed, point.Method, point.ChunkBytes, point.Threads, pass, iteration, thread);
        return point.QueueDepth == 1 ? key : StableHash.Combine(key, (ulong)point.QueueDepth);
    }
}
