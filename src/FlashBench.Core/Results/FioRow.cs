using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Results;

/// <summary>Written by the fio cross-check, read by the report (older or hand-made files may lack the optional columns).
/// fio (psync, direct=1, randread) at one grid point, as a row of fio.csv: the median of its rounds,
/// and FlashBench's direct method measured in the same rounds; ratio = FlashBench / fio.</summary>
public sealed class FioRow
{
    public const string FileName = "fio.csv";

    [Name("engine"), Optional] public string Engine { get; set; } = "";
    [Name("chunk_bytes")] public int ChunkBytes { get; set; }
    [Name("threads")] public int Threads { get; set; }
    [Name("runtime_s"), Optional] public double RuntimeSeconds { get; set; }
    [Name("bytes_read"), Optional] public long BytesRead { get; set; }
    [Name("throughput_mb_s")] public double ThroughputMBps { get; set; }
    [Name("iops")] public double Iops { get; set; }
    [Name("mean_us"), Optional] public double MeanMicros { get; set; }
    [Name("p50_us")] public double P50Micros { get; set; }
    [Name("p99_us")] public double P99Micros { get; set; }
    [Name("rounds"), Optional] public int Rounds { get; set; }
    /// <summary>FlashBench's direct method measured right beside fio (A B B A rounds), so drift of the device cancels.</summary>
    [Name("flashbench_direct_mb_s"), Optional] public double? FlashBenchDirectMBps { get; set; }
    [Name("ratio"), Optional] public double? Ratio { get; set; }
    [Name("fio_version"), Optional] public string FioVersion { get; set; } = "";
}
