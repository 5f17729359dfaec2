using System.Diagnostics;
using FlashBench.Core.Native;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput.Offsets;
using HdrHistogram;

namespace FlashBench.Core.Throughput;

/// <summary>What one reader thread owns: its aligned buffer and latency histogram. Built on the reader's own thread
/// (its own allocation context), behind a guard array, so no other reader's object shares a cache line with the
/// histogram it writes on every read; counters live in locals until the reader stops.</summary>
internal sealed class ReaderWorker : IReaderWorker
{
    public static readonly long HighestTrackableTicks = Stopwatch.Frequency * 60;

    private const int CacheLineBytes = 64;

    private readonly byte[] _guard = new byte[2 * CacheLineBytes];
    private readonly AlignedBuffer _buffer;
    private readonly byte[]? _expected;

    public ReaderWorker(int chunkBytes, bool verify)
    {
        _buffer = new AlignedBuffer(chunkBytes);
        _expected = verify ? new byte[chunkBytes] : null;
        Histogram = new LongHistogram(HighestTrackableTicks, 3);
        GC.KeepAlive(_guard);
    }

    public LongHistogram Histogram { get; }

    /// <summary>Reads claimed chunks until the window policy of <see cref="ThroughputSettings"/> is met: at least
    /// <paramref name="windowTicks"/> from this reader's start and at least <paramref name="minReads"/> completed reads.
    /// Nothing is allocated and no byte is touched unless verifying (pread needs no observer; mmap paths touch their pages).</summary>
    public ReaderTally Read(ReadPath path, RunReadMap map, ulong streamKey, TestFileHeader header, long windowTicks, int minReads,
        CancellationToken cancel = default)
    {
        Histogram.Reset();
        int chunk = _buffer.Length;
        var stream = map.OpenStream(chunk, streamKey);
        long reads = 0, bytes = 0, reread = 0, failures = 0;
        long start = Stopwatch.GetTimestamp();
        long deadline = start + windowTicks;
        long completed;
        do
        {
            long offset = map.Next(ref stream, out long rereadBytes);
            long issued = Stopwatch.GetTimestamp();
            var data = path.Read(offset, chunk, _buffer);
            completed = Stopwatch.GetTimestamp();
            Histogram.RecordValue(completed - issued);
            if (data.Length != chunk)
                throw new IOException($"short read: {data.Length} of {chunk} bytes at {offset}");
            if (_expected is not null)
            {
                header.ExpectedContent(_expected, offset);
                if (!data.SequenceEqual(_expected))
                    failures++;
            }
            reads++;
            bytes += chunk;
            reread += rereadBytes;
        }
        while ((completed < deadline || reads < minReads) && !cancel.IsCancellationRequested);
        return new ReaderTally(reads, bytes, reread, completed - start, failures);
    }

    public void Dispose() => _buffer.Dispose();
}
