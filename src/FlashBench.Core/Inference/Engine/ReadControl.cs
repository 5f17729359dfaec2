using FlashBench.Core.PageCache;
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
    private const int OffsetAlignment = 4096;

    private readonly TimedSlotReader _reader;
    private readonly ulong _seed;
    private readonly long _regionBytes;
    private readonly int _regions;
    private int _measurements;

    /// <param name="regions">Measurements the run will take (cases × iterations): each gets its own part of the file.</param>
    public ReadControl(ReadMethod method, string filePath, int threads, int regions, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(regions);
        _reader = new TimedSlotReader(method, filePath, threads);
        _seed = seed;
        _regions = regions;
        _regionBytes = _reader.Path.FileBytes / regions / OffsetAlignment * OffsetAlignment;
    }

    public string FilePath => _reader.Path.FilePath;

    /// <summary>The read length used for a requested size: rounded up to 512 bytes, as O_DIRECT needs.</summary>
    public static int ReadLength(long readBytes) => (int)TimedSlotReader.RoundUp(Math.Max(512, readBytes), 512);

    /// <summary>Reads <paramref name="readBytes"/>-sized chunks at fresh offsets of the next region for about
    /// <paramref name="duration"/>: at least one round, less if the region's pass runs out first.</summary>
    public ReadControlResult Measure(long readBytes, TimeSpan duration)
    {
        int length = ReadLength(readBytes);
        var path = _reader.Path;
        if (!path.Method.BypassesPageCache())
        {
            path.ReleasePages();
            PageCacheControl.Evict(path.FilePath);
            path.RestorePolicy();
        }
        int region = _measurements++;
        long stride = TimedSlotReader.RoundUp(length, OffsetAlignment);
        long slots = _regionBytes / stride;
        if (slots == 0)
            throw new ArgumentException($"a {length}-byte read does not fit a 1/{_regions} region ({_regionBytes} bytes) of {path.FilePath}");
        var order = new ShuffledSlots(region % _regions * _regionBytes, slots, stride, StableHash.Combine(_seed, (ulong)region, (ulong)length));
        var read = _reader.Read(order, length, duration);
        return new ReadControlResult(length, read.Reads, read.Bytes, read.Elapsed, Reused: region >= _regions);
    }

    public void Dispose() => _reader.Dispose();
}

/// <summary>What one <see cref="ReadControl.Measure"/> read: completed reads of <see cref="ReadBytes"/> each and the
/// time they took. <see cref="Reused"/>: more measurements than regions, so this one read a region read before.</summary>
public readonly record struct ReadControlResult(int ReadBytes, long Reads, long Bytes, TimeSpan Elapsed, bool Reused)
{
    public double Gbps => Elapsed > TimeSpan.Zero ? Bytes / Elapsed.TotalSeconds / 1e9 : 0;
}
