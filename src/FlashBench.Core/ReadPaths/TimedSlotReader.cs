using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Native;
using FlashBench.Core.Parallel;

namespace FlashBench.Core.ReadPaths;

/// <summary>Reads fixed-length chunks at the offsets of a <see cref="ShuffledSlots"/> pass for about a given time: rounds
/// of <see cref="ReadsPerThreadPerRound"/> reads per read in flight, each round waited for, so that, as in fio, only
/// completed reads count and the time is the sum of the rounds. The blocking methods keep <c>readsInFlight</c> reads in
/// flight with as many reader threads; io_uring with one ring of that depth on the calling thread, as the loaders read
/// on it (<see cref="Loading.NeuronLoader"/>, <see cref="ParallelReader"/>). The I/O control of latency cases and the
/// device probe both read this way.</summary>
public sealed class TimedSlotReader : IDisposable, IRingBatch
{
    public const int ReadsPerThreadPerRound = 8;

    private readonly ReadPath _path;
    private readonly ReaderPool? _pool;
    private readonly AlignedBuffer?[] _buffers;
    private readonly int _depth;
    private IoUringQueue? _queue;
    private readonly int[] _free;
    private readonly long[] _slotOffset;
    private long[] _round = [];
    private int _roundCount;
    private int _roundNext;
    private int _length;

    /// <param name="readsInFlight">Reader threads for the blocking methods, the ring's depth for io_uring.</param>
    public TimedSlotReader(ReadMethod method, string filePath, int readsInFlight)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(readsInFlight);
        _path = ReadPath.Open(method, filePath);
        _depth = readsInFlight;
        bool ring = _path is IoUringReadPath;
        _pool = ring ? null : new ReaderPool(readsInFlight);
        _buffers = new AlignedBuffer?[ring ? 0 : readsInFlight];
        _free = new int[ring ? readsInFlight : 0];
        _slotOffset = new long[ring ? readsInFlight : 0];
    }

    public ReadPath Path => _path;

    /// <summary>Reader threads: one for a ring, else one per read in flight.</summary>
    public int Threads => _pool?.ThreadCount ?? 1;

    /// <summary>Reads kept in flight: threads, or the ring's depth.</summary>
    public int ReadsInFlight => _depth;

    /// <summary>Reads the ring still owes (always 0 once <see cref="Read"/> has returned); 0 without a ring.</summary>
    public int RingInFlight => _queue?.InFlight ?? 0;

    /// <summary>Reads <paramref name="length"/>-byte chunks at the next offsets of <paramref name="order"/> for about
    /// <paramref name="duration"/>: at least one round, fewer reads if the pass runs out first.</summary>
    public TimedReads Read(ShuffledSlots order, int length, TimeSpan duration)
    {
        EnsureBuffers(length);
        _length = length;
        int perRound = _depth * ReadsPerThreadPerRound;
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
            elapsed += _pool is null ? ReadRoundOnRing() : _pool.Run(ReadRound);
            reads += _roundCount;
        }
        return new TimedReads(length, reads, elapsed);
    }

    private void EnsureBuffers(int length)
    {
        if (_path is IoUringReadPath ring)
        {
            if (_queue is null || _queue.SlotBytes < length)
            {
                _queue?.Dispose();
                _queue = null;
                _queue = ring.OpenQueue(_depth, (int)RoundUp(length, AlignedBuffer.Alignment));
            }
            return;
        }
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

    private TimeSpan ReadRoundOnRing()
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        RingBatch.Run(_queue!, _roundCount, _free, this);
        return System.Diagnostics.Stopwatch.GetElapsedTime(started);
    }

    void IRingBatch.Queue(IoUringQueue queue, int slot, int index)
    {
        _slotOffset[slot] = _round[index];
        queue.QueueSlot(slot, _round[index], _length);
    }

    void IRingBatch.Completed(IoUringQueue queue, int slot)
    {
        int got = queue.Completed(slot).Length;
        if (got != _length)
            throw new IOException($"short read: {got} of {_length} bytes at {_slotOffset[slot]} in {_path.FilePath}");
    }

    internal static long RoundUp(long value, long multiple) => (value + multiple - 1) / multiple * multiple;

    public void Dispose()
    {
        _pool?.Dispose();
        _queue?.Dispose();
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
