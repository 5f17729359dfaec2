using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Results;

/// <summary>One round of the fio cross-check at one grid point, as a row of fio.csv (written by the cross-check, read
/// by the report; older files lack the optional columns). fio (psync, direct=1, randread) figures, FlashBench's direct
/// method and a second fio run (the control) measured in the same round (<see cref="CrossCheck.PairedRound"/>);
/// ratio = FlashBench ÷ fio, control_ratio = control ÷ fio.</summary>
public sealed class FioRow
{
    public const string FileName = "fio.csv";

    [Name("engine"), Optional] public string Engine { get; set; } = "";
    [Name("chunk_bytes")] public int ChunkBytes { get; set; }
    [Name("threads")] public int Threads { get; set; }
    /// <summary>The round at this point, from 0.</summary>
    [Name("round"), Optional] public int Round { get; set; }
    /// <summary>Rounds measured at this point.</summary>
    [Name("rounds"), Optional] public int Rounds { get; set; }
    /// <summary>The order of the round's measurements, e.g. "fio flashbench fio-control".</summary>
    [Name("order"), Optional] public string Order { get; set; } = "";
    [Name("runtime_s"), Optional] public double RuntimeSeconds { get; set; }
    [Name("bytes_read"), Optional] public long BytesRead { get; set; }
    [Name("throughput_mb_s")] public double ThroughputMBps { get; set; }
    [Name("iops")] public double Iops { get; set; }
    [Name("mean_us"), Optional] public double MeanMicros { get; set; }
    [Name("p50_us")] public double P50Micros { get; set; }
    [Name("p99_us")] public double P99Micros { get; set; }
    /// <summary>FlashBench's direct method in the same round.</summary>
    [Name("flashbench_direct_mb_s"), Optional] public double? FlashBenchDirectMBps { get; set; }
    [Name("ratio"), Optional] public double? Ratio { get; set; }
    /// <summary>fio's second run in the same round (fio ÷ fio is the device's own noise).</summary>
    [Name("control_mb_s"), Optional] public double? ControlMBps { get; set; }
    [Name("control_ratio"), Optional] public double? ControlRatio { get; set; }
    [Name("fio_version"), Optional] public string FioVersion { get; set; } = "";
    /// <summary>The FlashBench method checked (direct or io_uring; direct in older files) and its queue depth.</summary>
    [Name("method"), Optional] public string Method { get; set; } = "direct";
    [Name("queue_depth"), Optional] public int QueueDepth { get; set; } = 1;

    /// <summary>The grid line this row checks (<see cref="ThroughputRow.SeriesName"/>).</summary>
    [Ignore] public string Series => ThroughputRow.SeriesName(Method, QueueDepth);
}
