using FlashBench.Core.PageCache;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Inference.Engine;

/// <summary>The I/O control of latency cases. A shared virtual disk drifts by tens of percent within minutes, so a
/// case's I/O is judged against reads measured right after it, not against a curve taken earlier in the run. The
/// control reads a file no case reads (a case's own weight file is re-read every token and may sit in a cache below
/// the VM), with the loaders' read method and reads in flight (threads, or one ring of that depth for io_uring, as the
/// loaders read on it), at the case's mean read size. A run that measures several methods has one reader per method
/// over the same regions: each measurement, whatever its method, takes the next region, the first one chosen by the run's seed. The file is cut into
/// <c>regions</c>, one per measurement: a measurement reads a shuffled pass over its region's aligned slots and stops
/// early if the pass runs out, so no byte of the file is read twice in a run until the regions run out. Like fio, it
/// counts only completed reads: each round of reads is waited for, and the time is the sum of the rounds.</summary>
public sealed class ReadControl : IDisposable
{
    private const int OffsetAlignment = 4096;

    private readonly Dictionary<ReadMethod, TimedSlotReader> _readers = [];
    private readonly TimedSlotReader _reader;
    private readonly ulong _seed;
    private readonly long _regionBytes;
    private readonly int _regions;
    private readonly int _firstRegion;
    private int _measurements;

    /// <param name="regions">Measurements the run will take (cases × iterations): each gets its own part of the file.</param>
    public ReadControl(ReadMethod method, string filePath, int threads, int regions, ulong seed)
        : this([method], filePath, threads, regions, seed)
    {
    }

    /// <param name="methods">The methods the cases read with: the first is <see cref="Method"/>, what <see cref="Measure(long, TimeSpan)"/> reads with.</param>
    public ReadControl(IReadOnlyList<ReadMethod> methods, string filePath, int threads, int regions, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(regions);
        if (methods.Count == 0)
            throw new ArgumentException("no read method for the I/O control", nameof(methods));
        try
        {
            foreach (var method in methods.Distinct())
                _readers[method] = new TimedSlotReader(method, filePath, threads);
        }
        catch
        {
            foreach (var reader in _readers.Values)
                reader.Dispose();
            throw;
        }
        _reader = _readers[methods[0]];
        _seed = seed;
        _regions = regions;
        // each run starts at a region of its seed's choosing: a run that started where the one before it did would read
        // offsets the last run's controls just read (a cache below a VM keeps them), and in a suite every experiment's
        // control would begin at the start of the same file
        _firstRegion = (int)(StableHash.Combine(seed, (ulong)regions) % (ulong)regions);
        _regionBytes = _reader.Path.FileBytes / regions / OffsetAlignment * OffsetAlignment;
    }

    public string FilePath => _reader.Path.FilePath;

    public ReadMethod Method => _reader.Path.Method;

    public IReadOnlyCollection<ReadMethod> Methods => _readers.Keys;

    /// <summary>Reads the method's ring still owes (0 whenever a measurement has returned).</summary>
    public int RingInFlight(ReadMethod method) => _readers[method].RingInFlight;

    /// <summary>The read length used for a requested size: rounded up to 512 bytes, as O_DIRECT needs.</summary>
    public static int ReadLength(long readBytes) => (int)TimedSlotReader.RoundUp(Math.Max(512, readBytes), 512);

    /// <summary>Reads <paramref name="readBytes"/>-sized chunks at fresh offsets of the next region for about
    /// <paramref name="duration"/>: at least one round, less if the region's pass runs out first.</summary>
    public ReadControlResult Measure(long readBytes, TimeSpan duration) => Measure(Method, readBytes, duration);

    /// <summary><see cref="Measure(long, TimeSpan)"/> with <paramref name="method"/>, one of <see cref="Methods"/>.</summary>
    public ReadControlResult Measure(ReadMethod method, long readBytes, TimeSpan duration)
    {
        if (!_readers.TryGetValue(method, out var reader))
            throw new ArgumentException($"the I/O control does not read with {method.Name()}", nameof(method));
        int length = ReadLength(readBytes);
        var path = reader.Path;
        if (!path.Method.BypassesPageCache())
        {
            path.ReleasePages();
            PageCacheControl.Evict(path.FilePath);
            path.RestorePolicy();
        }
        int measurement = _measurements++;
        int region = (measurement + _firstRegion) % _regions;
        long stride = TimedSlotReader.RoundUp(length, OffsetAlignment);
        long slots = _regionBytes / stride;
        if (slots == 0)
            throw new ArgumentException($"a {length}-byte read does not fit a 1/{_regions} region ({_regionBytes} bytes) of {path.FilePath}");
        var order = new ShuffledSlots(region * _regionBytes, slots, stride, StableHash.Combine(_seed, (ulong)measurement, (ulong)length));
        var read = reader.Read(order, length, duration);
        return new ReadControlResult(length, read.Reads, read.Bytes, read.Elapsed, Reused: measurement >= _regions, Region: region);
    }

    public void Dispose()
    {
        foreach (var reader in _readers.Values)
            reader.Dispose();
    }
}

/// <summary>What one <see cref="ReadControl.Measure"/> read: completed reads of <see cref="ReadBytes"/> each and the
/// time they took. <see cref="Reused"/>: more measurements than regions, so this one read a region read before.
/// <see cref="Region"/>: which of the file's regions it read.</summary>
public readonly record struct ReadControlResult(int ReadBytes, long Reads, long Bytes, TimeSpan Elapsed, bool Reused, int Region = 0)
{
    public double Gbps => Elapsed > TimeSpan.Zero ? Bytes / Elapsed.TotalSeconds / 1e9 : 0;
}
