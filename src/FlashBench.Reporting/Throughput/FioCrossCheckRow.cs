using CsvHelper.Configuration.Attributes;

namespace FlashBench.Reporting.Throughput;

/// <summary>The columns of fio.csv (scripts/fio-crosscheck.sh: fio psync, direct=1) that the report reads: the
/// ceiling the storage reaches at a chunk size and thread count. When the file also carries FlashBench's direct
/// throughput measured in the same rounds (flashbench_direct_mb_s), that paired figure is preferred.
/// Named apart from Core's FioRow (the writer's full row) so both can be imported together.</summary>
public sealed class FioCrossCheckRow
{
    public const string FileName = "fio.csv";

    [Name("chunk_bytes")] public int ChunkBytes { get; set; }
    [Name("threads")] public int Threads { get; set; }
    [Name("throughput_mb_s")] public double ThroughputMBps { get; set; }
    [Name("iops")] public double Iops { get; set; }
    [Name("p50_us")] public double P50Micros { get; set; }
    [Name("p99_us")] public double P99Micros { get; set; }
    [Name("flashbench_direct_mb_s"), Optional] public double? PairedFlashBenchMBps { get; set; }
}
