using FlashBench.Core.Native;
using FlashBench.Core.PageCache;
using FlashBench.Core.Parallel;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Inference.Engine;

/// <summary>The I/O control of latency cases. A shared virtual disk drifts by tens of percent within minutes, so a
/// case's I/O is judged against reads measured right after it, not against a curve taken earlier in the run. The
/// control reads a file no case reads (a case's own weight file is re-read every token and may sit in a cache below
/// the VM), with the loaders' read method and thread count, at the case's mean read size. The file is cut into
/// <c>regions</c>, one per measurement: a measurement reads a shuffled pass over its region's aligned slots and stops
/// early if the pass runs out, so no byte of the file is read twice in a run until the regions run out. Like fio, it
/// counts only completed reads: each round of reads is waited for, and the time is the sum of the rounds.</summary>
public sealed class ReadControl : IDisposable
{
    private const int ReadsPerThreadPerRound = 8;
    private const int OffsetAlignment = 4096;

    private readonly ReadPath _path;
    private readonly ReaderPool _pool;
    private readonly AlignedBuffer?[] _buffers;
    private readonly ulong _seed;
    private readonly long _regionBytes;
    private readonly int _regions;
    private long[] _round = [];
    private int _roundCount;
    private int _roundNext;
    private int _length;
    private int _measurements;

    /// <param name="regions">Measurements the run will take (cases × iterations): each gets its own part of the file.</param>
    public ReadControl(ReadMethod method, string filePath, int threads, int regions, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(regions);
        _path = ReadPath.Open(method, filePath);
        _pool = new ReaderPool(threads);
        _buffers = new AlignedBuffer?[threads];
        _seed = seed;
        _regions = regions;
        _regionBytes = _path.FileBytes / regions / OffsetAlignment * OffsetAlignment;
    }

    public string FilePath => _path.FilePath;

    /// <summary>The read length used for a requested size: rounded up to 512 bytes, as O_DIRECT needs.</summary>
    public static int ReadLength(long readBytes) => (int)RoundUp(Math.Max(512, readBytes), 512);

    /// <summary>Reads <paramref name="readBytes"/>-sized chunks at fresh offsets of the next region for about
    /// <paramref name="duration"/>: at least one round, less if the region's pass runs out first.</summary>
    public ReadControlResult Measure(long readBytes, TimeSpan duration)
    {
        int length = ReadLength(readBytes);
        EnsureBuffers(length);
        if (!_path.Method.BypassesPageCache())
        {
            _path.ReleasePages();
            PageCacheControl.Evict(_path.FilePath);
            _path.RestorePolicy();
        }
        int region = _measurements++;
        long stride = RoundUp(length, OffsetAlignment);
        long slots = _regionBytes / stride;
        if (slots == 0)
            throw new ArgumentException($"a {length}-byte read does not fit a 1/{_regions} region ({_regionBytes} bytes) of {_path.FilePath}");
        var order = new ShuffledSlots(region % _regions * _regionBytes, slots, stride, StableHash.Combine(_seed, (ulong)region, (ulong)length));
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
        return new ReadControlResult(length, reads, reads * length, elapsed, Reused: region >= _regions);
    }

    private void EnsureBuffers(int length)
    {
        for (int i = 0; i < _buffers.Length; i++)
        {
            if (_buffers[i] is { } buffer && buffer.Length >= length)
                continue;
            _buffers[i]?.Dispose();
            _buffers[i] = new AlignedBuffer((int)RoundUp(length, OffsetAlignment));
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

    private static long RoundUp(long value, long multiple) => (value + multiple - 1) / multiple * multiple;

    public void Dispose()
    {
        _pool.Dispose();
        foreach (var buffer in _buffers)
            buffer?.Dispose();
        _path.Dispose();
    }
}

/// <summary>What one <see cref="ReadControl.Measure"/> read: completed reads of <see cref="ReadBytes"/> each and the
/// time they took. <see cref="Reused"/>: more measurements than regions, so this one read a region read before.</summary>
public readonly record struct ReadControlResult(int ReadBytes, long Reads, long Bytes, TimeSpan Elapsed, bool Reused)
{
    public double Gbps => Elapsed > TimeSpan.Zero ? Bytes / Elapsed.TotalSeconds / 1e9 : 0;
}
