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

    public void ReadUntil(ReadPath path, TestFileHeader header, long chunkCount, long deadline, int seed)
    {
        Histogram.Reset();
        Reads = 0;
        Bytes = 0;
        Checksum = 0;
        VerifyFailures = 0;
        var random = new Random(seed);
        int chunk = _buffer.Length;
        do
        {
            long offset = random.NextInt64(chunkCount) * chunk;
            long started = Stopwatch.GetTimestamp();
            var bytes = path.Read(offset, chunk, _buffer);
            Histogram.RecordValue(Stopwatch.GetTimestamp() - started);
            Checksum ^= Throughput.Checksum.Of(bytes);
            if (_expected is not null)
            {
                header.ExpectedContent(_expected, offset);
                if (!bytes.SequenceEqual(_expected))
                    VerifyFailures++;
            }
            Reads++;
            Bytes += bytes.Length;
        }
        while (Stopwatch.GetTimestamp() < deadline);
    }

    public void Dispose() => _buffer.Dispose();
}
