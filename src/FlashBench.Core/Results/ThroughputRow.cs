using CsvHelper.Configuration.Attributes;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Throughput;

namespace FlashBench.Core.Results;

/// <summary>One measured iteration of the throughput experiment, as a row of throughput.csv.
/// MB are decimal (10^6 bytes); latencies in microseconds; residency is a fraction of the file's pages.</summary>
public sealed class ThroughputRow
{
    public const string FileName = "throughput.csv";

    [Name("method")] public string Method { get; set; } = "";
    [Name("read_path")] public string ReadPath { get; set; } = "";
    [Name("chunk_bytes")] public int ChunkBytes { get; set; }
    [Name("threads")] public int Threads { get; set; }
    /// <summary>The pass over the grid (each pass visits the points in a fresh shuffled order); the replicate of a point.</summary>
    [Name("pass"), Optional] public int Pass { get; set; }
    [Name("iteration")] public int Iteration { get; set; }
    [Name("reads")] public long Reads { get; set; }
    [Name("bytes_read")] public long BytesRead { get; set; }
    [Name("seconds")] public double Seconds { get; set; }
    [Name("throughput_mb_s")] public double ThroughputMBps { get; set; }
    [Name("mean_us")] public double MeanMicros { get; set; }
    [Name("p50_us")] public double P50Micros { get; set; }
    [Name("p90_us")] public double P90Micros { get; set; }
    [Name("p99_us")] public double P99Micros { get; set; }
    [Name("max_us")] public double MaxMicros { get; set; }
    [Name("resident_before")] public double ResidentBefore { get; set; }
    [Name("resident_after")] public double ResidentAfter { get; set; }
    [Name("cache")] public string Cache { get; set; } = "";
    [Name("verify_failures")] public long VerifyFailures { get; set; }
    /// <summary>Bytes the block device under the file read during the iteration (kernel per-device counters);
    /// empty when no counter could be read for the file's device.</summary>
    [Name("device_bytes"), Optional] public long? DeviceBytes { get; set; }
    /// <summary>Bytes of this iteration's reads that an earlier read of the same run had already read.</summary>
    [Name("reread_bytes"), Optional] public long RereadBytes { get; set; }
    /// <summary>Empty when the row is a flash figure; otherwise why it is left out of medians, curves and charts
    /// (e.g. O_DIRECT left pages in the cache: the file system fell back to buffered I/O).</summary>
    [Name("excluded"), Optional] public string Excluded { get; set; } = "";
    /// <summary>A reference that does not change between commits, measured at the same point and file right beside
    /// this iteration (fio, psync, direct=1): the comparer divides the device's drift out with it. Empty when none ran.</summary>
    [Name("reference_mb_s"), Optional] public double? ReferenceMBps { get; set; }

    /// <summary>This row's pass figure: the median throughput of its pass's flash iterations at this point.</summary>
    [Name("pass_mb_s"), Optional] public double? PassMBps { get; set; }
    /// <summary>The point's figure: the median of its pass figures (repeated on every row of the point).</summary>
    [Name("point_mb_s"), Optional] public double? PointMBps { get; set; }
    /// <summary>The lowest and highest pass figure of the point.</summary>
    [Name("point_min_mb_s"), Optional] public double? PointMinMBps { get; set; }
    [Name("point_max_mb_s"), Optional] public double? PointMaxMBps { get; set; }
    /// <summary>Quartiles of the pass figures; empty with fewer than four passes.</summary>
    [Name("point_q1_mb_s"), Optional] public double? PointQ1MBps { get; set; }
    [Name("point_q3_mb_s"), Optional] public double? PointQ3MBps { get; set; }
    /// <summary>Passes with flash iterations at this point.</summary>
    [Name("point_passes"), Optional] public int? PointPasses { get; set; }
    /// <summary>The device's state around this point's measurement in its pass (<see cref="DeviceStates"/>).</summary>
    [Name("device_state"), Optional] public string DeviceState { get; set; } = "";
    // Columns added with the io_uring method, last so older readers and the documented header keep their order.
    /// <summary>Reads each reader thread keeps in flight: io_uring's depth, 1 for the blocking methods (and older files).</summary>
    [Name("queue_depth"), Optional] public int QueueDepth { get; set; } = 1;
    /// <summary>User + system CPU time of the process over the window (getrusage RUSAGE_SELF); empty in older files.</summary>
    [Name("cpu_s"), Optional] public double? CpuSeconds { get; set; }
    /// <summary>Megabytes of completed reads per CPU-second.</summary>
    [Name("mb_per_cpu_s"), Optional] public double? MBPerCpuSecond { get; set; }

    /// <summary>Measured with the page cache warm: never a flash figure.</summary>
    /// <summary>Threads × queue depth: the reads in flight at once (Fig. 2b's parallelism).</summary>
    [Ignore] public int ReadsInFlight => Threads * QueueDepth;

    /// <summary>The line a row belongs to: the method, and for io_uring its depth (each depth is its own curve, its own
    /// point summaries and its own comparison family).</summary>
    [Ignore] public string Series => SeriesName(Method, QueueDepth);

    public static string SeriesName(string method, int queueDepth) =>
        queueDepth > 1 || method == "io_uring" ? $"{method}-qd{queueDepth}" : method;

    [Ignore] public bool IsWarm => string.Equals(Cache, "warm", StringComparison.OrdinalIgnoreCase);

    /// <summary>Cold, not excluded and measured while the device was steady (or not watched): counts in medians, curves,
    /// charts and fits.</summary>
    [Ignore] public bool IsFlash => !IsWarm && string.IsNullOrEmpty(Excluded) && DeviceStates.Counts(DeviceState);

    /// <summary>One row per measured iteration; the pass and point columns are filled by
    /// <see cref="Throughput.Summaries.PointSummaries.Annotate"/> once the rows of the run are known.</summary>
    public static ThroughputRow From(IterationMeasurement m) => new()
    {
        Method = m.Method.Name(),
        ReadPath = m.Method.Describe(),
        ChunkBytes = m.Point.ChunkBytes,
        Threads = m.Point.Threads,
        QueueDepth = m.Point.QueueDepth,
        CpuSeconds = m.CpuSeconds > 0 ? m.CpuSeconds : null,
        MBPerCpuSecond = m.CpuSeconds > 0 ? m.MegabytesPerCpuSecond : null,
        Iteration = m.Iteration,
        Reads = m.Reads,
        BytesRead = m.BytesRead,
        Seconds = m.Seconds,
        ThroughputMBps = m.ThroughputMegabytesPerSecond,
        MeanMicros = m.Latency.MeanMicros,
        P50Micros = m.Latency.P50Micros,
        P90Micros = m.Latency.P90Micros,
        P99Micros = m.Latency.P99Micros,
        MaxMicros = m.Latency.MaxMicros,
        ResidentBefore = m.ResidentBefore,
        ResidentAfter = m.ResidentAfter,
        Cache = m.Cache == CacheState.Cold ? "cold" : "warm",
        VerifyFailures = m.VerifyFailures,
        Pass = m.Pass,
        DeviceBytes = m.DeviceBytes,
        RereadBytes = m.RereadBytes,
        Excluded = m.Excluded,
        ReferenceMBps = m.ReferenceMBps,
    };
}
