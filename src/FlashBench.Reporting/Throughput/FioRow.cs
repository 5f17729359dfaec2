using CsvHelper.Configuration.Attributes;

namespace FlashBench.Reporting.Throughput;

/// <summary>One row of fio.csv, written by scripts/fio-crosscheck.sh (fio psync, direct=1): the ceiling
/// the same storage reaches at the same chunk size and thread count.</summary>
public sealed class FioRow
{
    public const string FileName = "fio.csv";

    [Name("chunk_bytes")] public int ChunkBytes { get; set; }
    [Name("threads")] public int Threads { get; set; }
    [Name("throughput_mb_s")] public double ThroughputMBps { get; set; }
    [Name("iops")] public double Iops { get; set; }
    [Name("p50_us")] public double P50Micros { get; set; }
    [Name("p99_us")] public double P99Micros { get; set; }
}
