using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Native;
using FlashBench.Core.Parallel;

namespace FlashBench.Core.ReadPaths;

/// <summary>Reads fixed-length chunks at the offsets of a <see cref="ShuffledSlots"/> pass on a pool of reader threads for
/// about a given time: rounds of <see cref="ReadsPerThreadPerRound"/> reads per thread, each round waited for, so that,
/// as in fio, only completed reads count and the time is the sum of the rounds. The I/O control of latency cases and the
/// device probe both read this way.</summary>
public sealed class TimedSlotReader : IDisposable
{
    public const int ReadsPerThreadPerRound = 8;

    private readonly ReadPath _path;
    private readonly ReaderPool _pool;
    private readonly AlignedBuffer?[] _buffers;
    private long[] _round = [];
    private int _roundCount;
    private int _roundNext;
    private int _length;

    public TimedSlotReader(ReadMethod method, string filePath, int threads)
    {
        _path = ReadPath.Open(method, filePath);
        _pool = new ReaderPool(threads);
        _buffers = new AlignedBuffer?[threads];
    }

    public ReadPath Path => _path;
    public int Threads => _pool.ThreadCount;

    /// <summary>Reads <paramref name="length"/>-byte chunks at the next offsets of <paramref name="order"/> for about
    /// <paramref name="duration"/>: at least one round, fewer reads if the pass runs out first.</summary>
    public TimedReads Read(ShuffledSlots order, int length, TimeSpan duration)
    {
        EnsureBuffers(length);
        _length = length;
        int perRound = _pool.ThreadCount * ReadsPerThreadPerRound;
        if (_round.Length < perRound)
            _round = new long[perRound];
        var elapsed = TimeSpan.Zero;
        long reads = 0;
        while (elapsed < duration || reads == 0)
        {
            _roundCount = order.Take(_round.AsSpan(0, perRound));
            if (_roundCount == 0)
                break;
            _roundNext = -1;
            elapsed += _pool.Run(ReadRound);
            reads += _roundCount;
        }
        return new TimedReads(length, reads, elapsed);
    }

    private void EnsureBuffers(int length)
    {
        for (int i = 0; i < _buffers.Length; i++)
        {
            if (_buffers[i] is { } buffer && buffer.Length >= length)
                continue;
            _buffers[i]?.Dispose();
            _buffers[i] = new AlignedBuffer((int)RoundUp(length, 4096));
        }
    }

    private void ReadRound(int worker)
    {
        var buffer = _buffers[worker]!;
        while (true)
        {
            int i = Interlocked.Increment(ref _roundNext);
            if (i >= _roundCount)
                return;
            var data = _path.Read(_round[i], _length, buffer);
            if (data.Length != _length)
                throw new IOException($"short read: {data.Length} of {_length} bytes at {_round[i]} in {_path.FilePath}");
        }
    }

    internal static long RoundUp(long value, long multiple) => (value + multiple - 1) / multiple * multiple;

    public void Dispose()
    {
        _pool.Dispose();
        foreach (var buffer in _buffers)
            buffer?.Dispose();
        _path.Dispose();
    }
}

/// <summary>Completed reads of <see cref="ReadBytes"/> each and the time they took.</summary>
public readonly record struct TimedReads(int ReadBytes, long Reads, TimeSpan Elapsed)
{
    public long Bytes => Reads * ReadBytes;
    public double MegabytesPerSecond => Elapsed > TimeSpan.Zero ? Bytes / Elapsed.TotalSeconds / 1e6 : 0;
    public double Iops => Elapsed > TimeSpan.Zero ? Reads / Elapsed.TotalSeconds : 0;
}
