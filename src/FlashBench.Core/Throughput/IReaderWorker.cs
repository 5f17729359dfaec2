using FlashBench.Core.ReadPaths;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput.Offsets;
using HdrHistogram;

namespace FlashBench.Core.Throughput;

/// <summary>One reader thread's loop and state: <see cref="ReaderWorker"/> (one blocking read at a time) or
/// <see cref="IoUringReaderWorker"/> (a queue depth of reads in flight).</summary>
internal interface IReaderWorker : IDisposable
{
    /// <summary>Issue-to-completion time of every counted read, in Stopwatch ticks.</summary>
    LongHistogram Histogram { get; }

    /// <summary>Reads claimed chunks until the window policy of <see cref="ThroughputSettings"/> is met (at least
    /// <paramref name="windowTicks"/> and <paramref name="minReads"/> completed reads) or <paramref name="cancel"/> is set;
    /// counts completed reads only, and returns with no read in flight.</summary>
    ReaderTally Read(ReadPath path, RunReadMap map, ulong streamKey, TestFileHeader header, long windowTicks, int minReads, CancellationToken cancel);
}
