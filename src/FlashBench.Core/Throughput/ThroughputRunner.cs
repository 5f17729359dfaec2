using System.Diagnostics;
using FlashBench.Core.Machine;
using FlashBench.Core.Native;
using FlashBench.Core.PageCache;
using FlashBench.Core.Parallel;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput.Offsets;
using HdrHistogram;

namespace FlashBench.Core.Throughput;

/// <summary>Cold random reads of one file at one grid point, iteration by iteration:
/// <see cref="PrepareIteration"/> evicts and checks residency, <see cref="RunIteration"/> is the measured part
/// (device counters read right around it), <see cref="CompleteIteration"/> records residency after and returns the
/// row. Offsets come from the run's <see cref="RunReadMap"/> (one per run, shared by every point and pass; a private
/// one when none is given). pread methods open one descriptor per reader, as fio opens one per job; the mmap methods
/// share one mapping. No BenchmarkDotNet here, so the same runner serves the benchmark classes and the tests.</summary>
public sealed class ThroughputRunner : IDisposable
{
    /// <summary>How long the device may take to finish what the window started (mmap readahead) before its counters are read.</summary>
    private static readonly TimeSpan DeviceDrainLimit = TimeSpan.FromMilliseconds(100);

    private readonly TestFile _file;
    private readonly ThroughputSettings _settings;
    private readonly ReaderPool _pool;
    private readonly ReadPath[] _paths;
    private readonly IReaderWorker[] _workers;
    private readonly ReaderTally[] _tallies;
    private readonly ulong[] _streamKeys;
    private readonly Action<int> _readBody;
    private long _windowTicks;
    private int _minReads;
    private readonly BlockDeviceCounter? _device;
    private readonly LongHistogram _merged = new(ReaderWorker.HighestTrackableTicks, 3);
    private int _iteration;
    private double _residentBefore = double.NaN;
    private GroupTally _tally;
    private long? _deviceBytes;
    private double _cpuSeconds;
    private CancellationToken _cancel;

    public ThroughputRunner(TestFile file, ThroughputPoint point, ThroughputSettings settings, RunReadMap? readMap = null, int pass = 0)
    {
        if (point.ChunkBytes <= 0 || point.ChunkBytes > file.Bytes)
            throw new ArgumentOutOfRangeException(nameof(point), $"chunk {point.ChunkBytes} does not fit the {file.Bytes}-byte file");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(point.Threads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(point.QueueDepth);
        if (point.QueueDepth > 1 && !point.Method.HasQueueDepth())
            throw new ArgumentException($"{point.Method.Name()} reads one chunk at a time per thread; only io_uring has a queue depth", nameof(point));
        ArgumentOutOfRangeException.ThrowIfNegative(settings.MinReadsPerReader);
        _file = file;
        _settings = settings;
        Point = point;
        Pass = pass;
        ReadMap = readMap ?? new RunReadMap(file.Bytes, [point.ChunkBytes]);
        if (!ReadMap.Supports(point.ChunkBytes) || ReadMap.Geometry.FileBytes != file.Bytes)
            throw new ArgumentException($"the read map was made for other chunk sizes or another file than {point}", nameof(readMap));

        _paths = new ReadPath[point.Threads];
        _workers = new IReaderWorker[point.Threads];
        _tallies = new ReaderTally[point.Threads];
        _streamKeys = new ulong[point.Threads];
        _readBody = ReadOnce;
        _pool = new ReaderPool(point.Threads);
        try
        {
            var shared = point.Method.IsMapped() ? ReadPath.Open(point.Method, file.Path) : null;
            for (int i = 0; i < point.Threads; i++)
                _paths[i] = shared ?? ReadPath.Open(point.Method, file.Path);
            // Each reader builds its own state on its own thread (see ReaderWorker).
            _pool.Run(index => _workers[index] = point.Method.HasQueueDepth()
                ? new IoUringReaderWorker((IoUringReadPath)_paths[index], point.ChunkBytes, point.QueueDepth, settings.Verify)
                : new ReaderWorker(point.ChunkBytes, settings.Verify));
        }
        catch
        {
            Dispose();
            throw;
        }
        _device = BlockDeviceCounter.TryOpen(file.Path, out var resolution);
        Device = resolution;
    }

    public ThroughputPoint Point { get; }

    public int Pass { get; }

    public RunReadMap ReadMap { get; }

    /// <summary>The block device whose counters give <see cref="IterationMeasurement.DeviceBytes"/>, or why there is none.</summary>
    public BlockDeviceResolution Device { get; }

    private ReadPath Mapping => _paths[0];

    /// <summary>Evicts the file from the page cache and measures the resident fraction left.</summary>
    public double PrepareIteration()
    {
        Mapping.ReleasePages();
        PageCacheControl.Evict(_file.Path);
        Mapping.RestorePolicy();
        _residentBefore = PageCacheControl.ResidentFraction(_file.Path);
        return _residentBefore;
    }

    /// <summary>A few reads per reader, nothing recorded: runs the code path once (JIT, thread start-up) before the first
    /// measured window, without a full window of reading.</summary>
    public void RunWarmUp()
    {
        (_windowTicks, _minReads) = (0, WarmUpReadsPerReader);
        SetStreamKeys(iteration: -1);
        _pool.Run(_readBody);
    }

    /// <summary>Reads per reader of <see cref="RunWarmUp"/>.</summary>
    public const int WarmUpReadsPerReader = 2;

    /// <summary>The measured part: every reader reads claimed chunks under the window policy; returns the bytes of completed reads.</summary>
    /// <remarks><paramref name="cancel"/> ends every reader's window early (reads in flight are waited for and dropped).</remarks>
    public long RunIteration(CancellationToken cancel = default)
    {
        (_windowTicks, _minReads) = ((long)(_settings.IterationDuration.TotalSeconds * Stopwatch.Frequency), _settings.MinReadsPerReader);
        _cancel = cancel;
        SetStreamKeys(_iteration);
        var before = _device?.Read();
        var cpuBefore = ProcessCpuTime.Now();
        using (NoGcWindow.Enter())
            _pool.Run(_readBody);
        _cpuSeconds = (ProcessCpuTime.Now() - cpuBefore).TotalSeconds;
        _cancel = default;
        var after = _device?.ReadWhenIdle(DeviceDrainLimit);
        _deviceBytes = before is { } b && after is { } a ? a.BytesRead - b.BytesRead : null;
        _tally = GroupTally.Of(_tallies, Stopwatch.Frequency);
        ReadMap.Record(_tally.Bytes, _tally.RereadBytes);
        return _tally.Bytes;
    }

    public IterationMeasurement CompleteIteration()
    {
        if (double.IsNaN(_residentBefore))
            throw new InvalidOperationException("PrepareIteration must run before every iteration");
        _merged.Reset();
        foreach (var worker in _workers)
            _merged.Add(worker.Histogram);
        var measurement = new IterationMeasurement
        {
            Point = Point,
            Pass = Pass,
            Iteration = _iteration,
            Reads = _tally.Reads,
            BytesRead = _tally.Bytes,
            Seconds = _tally.Seconds,
            Latency = Summarise(_merged),
            ResidentBefore = _residentBefore,
            ResidentAfter = PageCacheControl.ResidentFraction(_file.Path),
            VerifyFailures = _tally.VerifyFailures,
            RereadBytes = _tally.RereadBytes,
            DeviceBytes = _deviceBytes,
            MinReadsPerReader = _tally.MinReadsPerReader,
            CpuSeconds = _cpuSeconds,
        };
        _iteration++;
        _residentBefore = double.NaN;
        return measurement;
    }

    /// <summary>Prepare, run, complete: for tests, the fio cross-check and curves measured on the spot.</summary>
    public IterationMeasurement MeasureOnce(CancellationToken cancel = default)
    {
        PrepareIteration();
        RunIteration(cancel);
        return CompleteIteration();
    }

    private void SetStreamKeys(int iteration)
    {
        for (int thread = 0; thread < _streamKeys.Length; thread++)
            _streamKeys[thread] = ReadStreamKey.For(_settings.Seed, Point, Pass, iteration, thread);
    }

    private void ReadOnce(int index) =>
        _tallies[index] = _workers[index].Read(_paths[index], ReadMap, _streamKeys[index], _file.Header, _windowTicks, _minReads, _cancel);

    /// <summary>Reads the readers' rings still owe (0 between iterations: every window drains its reads).</summary>
    internal int ReadsInFlight => _workers.Sum(w => w is IoUringReaderWorker ring ? ring.InFlight + ring.CompletionsWaiting : 0);

    private static LatencySummary Summarise(LongHistogram histogram)
    {
        double toMicros = 1e6 / Stopwatch.Frequency;
        if (histogram.TotalCount == 0)
            return new LatencySummary(0, 0, 0, 0, 0);
        return new LatencySummary(
            histogram.GetMean() * toMicros,
            histogram.GetValueAtPercentile(50) * toMicros,
            histogram.GetValueAtPercentile(90) * toMicros,
            histogram.GetValueAtPercentile(99) * toMicros,
            histogram.GetMaxValue() * toMicros);
    }

    public void Dispose()
    {
        _pool.Dispose();
        foreach (var worker in _workers)
            worker?.Dispose();
        foreach (var path in _paths.Where(p => p is not null).Distinct())
            path.Dispose();
        _device?.Dispose();
    }
}
