using System.Diagnostics;
using FlashBench.Core.Native;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Storage;
using HdrHistogram;

namespace FlashBench.Core.Throughput;

/// <summary>What one reader thread owns: its aligned buffer, latency histogram and counters
/// (no shared cache lines between threads).</summary>
internal sealed class WorkerState : IDisposable
{
    public static readonly long HighestTrackableTicks = Stopwatch.Frequency * 60;

    private readonly AlignedBuffer _buffer;
    private readonly byte[]? _expected;

    public WorkerState(int chunkBytes, bool verify)
    {
        _buffer = new AlignedBuffer(chunkBytes);
        _expected = verify ? new byte[chunkBytes] : null;
        Histogram = new LongHistogram(HighestTrackableTicks, 3);
    }

    public LongHistogram Histogram { get; }
    public long Reads { get; private set; }
    public long Bytes { get; private set; }
    public ulong Checksum { get; private set; }
    public long VerifyFailures { get; private set; }

    /// <summary>Reads random chunks from <paramref name="start"/> until <paramref name="deadline"/>. Throughput
    /// counts the bytes delivered inside that window only: a read still in flight at the deadline counts for
    /// the part of its duration inside the window. Waiting for the slowest thread's last read instead would
    /// stretch the time with threads idle — at 1 MiB × 32 threads that tail cost a fifth of the figure.</summary>
    public void ReadUntil(ReadPath path, TestFileHeader header, long chunkCount, long start, long deadline, int seed)
    {
        Histogram.Reset();
        Reads = 0;
        Bytes = 0;
        Checksum = 0;
        VerifyFailures = 0;
        var random = new Random(seed);
        int chunk = _buffer.Length;
        double bytesInWindow = 0;
        long now;
        do
        {
            long offset = random.NextInt64(chunkCount) * chunk;
            long started = Stopwatch.GetTimestamp();
            var bytes = path.Read(offset, chunk, _buffer);
            now = Stopwatch.GetTimestamp();
            Histogram.RecordValue(now - started);
            Checksum ^= Throughput.Checksum.Of(bytes);
            if (_expected is not null)
            {
                header.ExpectedContent(_expected, offset);
                if (!bytes.SequenceEqual(_expected))
                    VerifyFailures++;
            }
            Reads++;
            bytesInWindow += MeasurementWindow.BytesInside(started, now, start, deadline, bytes.Length);
        }
        while (now < deadline);
        Bytes = (long)Math.Round(bytesInWindow);
    }

    public void Dispose() => _buffer.Dispose();
}
