using System.Diagnostics;
using FlashBench.Core.PageCache;
using FlashBench.Core.Parallel;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Storage;
using HdrHistogram;

namespace FlashBench.Core.Throughput;

/// <summary>Cold random reads of one file at one grid point, iteration by iteration:
/// <see cref="PrepareIteration"/> evicts and checks residency, <see cref="RunIteration"/> is the
/// measured part, <see cref="CompleteIteration"/> records residency after and returns the row.
/// No BenchmarkDotNet here, so the same runner serves the benchmark classes and the tests.</summary>
public sealed class ThroughputRunner : IDisposable
{
    private readonly TestFile _file;
    private readonly ThroughputSettings _settings;
    private readonly ReadPath _path;
    private readonly ReaderPool _pool;
    private readonly WorkerState[] _workers;
    private readonly long _chunkCount;
    private int _iteration;
    private double _residentBefore = double.NaN;
    private double _windowSeconds;

    public ThroughputRunner(TestFile file, ThroughputPoint point, ThroughputSettings settings)
    {
        if (point.ChunkBytes <= 0 || point.ChunkBytes > file.Bytes)
            throw new ArgumentOutOfRangeException(nameof(point), $"chunk {point.ChunkBytes} does not fit the {file.Bytes}-byte file");
        _file = file;
        _settings = settings;
        Point = point;
        _chunkCount = file.Bytes / point.ChunkBytes;
        _path = ReadPath.Open(point.Method, file.Path);
        _workers = Enumerable.Range(0, point.Threads).Select(_ => new WorkerState(point.ChunkBytes, settings.Verify)).ToArray();
        _pool = new ReaderPool(point.Threads);
    }

    public ThroughputPoint Point { get; }

    /// <summary>Evicts the file from the page cache and measures the resident fraction left.</summary>
    public double PrepareIteration()
    {
        _path.ReleasePages();
        PageCacheControl.Evict(_file.Path);
        _path.RestorePolicy();
        _residentBefore = PageCacheControl.ResidentFraction(_file.Path);
        return _residentBefore;
    }

    /// <summary>The measured part: every thread reads random chunk-aligned chunks until the iteration's time is up;
    /// bytes delivered inside that window, over the window, give the throughput.</summary>
    public long RunIteration()
    {
        int iteration = _iteration;
        long start = Stopwatch.GetTimestamp();
        long window = (long)(_settings.IterationDuration.TotalSeconds * Stopwatch.Frequency);
        _pool.Run(index => _workers[index].ReadUntil(_path, _file.Header, _chunkCount, start, start + window,
            HashCode.Combine(_settings.Seed, iteration, index)));
        _windowSeconds = window / (double)Stopwatch.Frequency;
        return _workers.Sum(w => w.Bytes);
    }

    public IterationMeasurement CompleteIteration()
    {
        if (double.IsNaN(_residentBefore))
            throw new InvalidOperationException("PrepareIteration must run before every iteration");
        var merged = new LongHistogram(WorkerState.HighestTrackableTicks, 3);
        foreach (var worker in _workers)
            merged.Add(worker.Histogram);
        var measurement = new IterationMeasurement
        {
            Point = Point,
            Iteration = _iteration,
            Reads = _workers.Sum(w => w.Reads),
            BytesRead = _workers.Sum(w => w.Bytes),
            Seconds = _windowSeconds,
            Latency = Summarise(merged),
            ResidentBefore = _residentBefore,
            ResidentAfter = PageCacheControl.ResidentFraction(_file.Path),
            Checksum = _workers.Aggregate(0UL, (sum, w) => sum ^ w.Checksum),
            VerifyFailures = _workers.Sum(w => w.VerifyFailures),
        };
        _iteration++;
        _residentBefore = double.NaN;
        return measurement;
    }

    /// <summary>Convenience for tests and the fio cross-check: prepare, run, complete.</summary>
    public IterationMeasurement MeasureOnce()
    {
        PrepareIteration();
        RunIteration();
        return CompleteIteration();
    }

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
            worker.Dispose();
        _path.Dispose();
    }
}
