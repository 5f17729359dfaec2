using CsvHelper.Configuration.Attributes;

namespace FlashBench.Reporting.Throughput;

/// <summary>One row of cost_model.csv: per-read mean latency = t0 + bytes / B, fitted across chunk sizes
/// for one method and thread count (cold iterations only). B is per reader thread, in decimal MB/s.</summary>
public sealed class CostModelRow
{
    public const string FileName = "cost_model.csv";

    [Name("method")] public string Method { get; set; } = "";
    [Name("threads")] public int Threads { get; set; }
    [Name("points")] public int Points { get; set; }
    [Name("chunk_sizes")] public int ChunkSizes { get; set; }
    [Name("t0_us")] public double FixedCostMicros { get; set; }
    [Name("bandwidth_mb_s")] public double BandwidthMBps { get; set; }
    [Name("r_squared")] public double RSquared { get; set; }
}
