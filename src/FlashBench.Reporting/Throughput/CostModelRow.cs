using CsvHelper.Configuration.Attributes;

namespace FlashBench.Reporting.Throughput;

/// <summary>One row of cost_model.csv: per-read mean latency = t0 + bytes / B at one reader thread, fitted across chunk
/// sizes for one method (weighted least squares on the pass medians, 95 % confidence intervals). B in decimal MB/s.
/// <see cref="Status"/> is "ok" only for a fit that can be read as a result (see <see cref="CostModel"/>).</summary>
public sealed class CostModelRow
{
    public const string FileName = "cost_model.csv";

    [Name("method")] public string Method { get; set; } = "";
    [Name("threads")] public int Threads { get; set; }
    [Name("points")] public int Points { get; set; }
    [Name("chunk_sizes")] public int ChunkSizes { get; set; }
    [Name("t0_us")] public double FixedCostMicros { get; set; }
    [Name("t0_low_us"), Optional] public double FixedCostLowMicros { get; set; }
    [Name("t0_high_us"), Optional] public double FixedCostHighMicros { get; set; }
    [Name("bandwidth_mb_s")] public double BandwidthMBps { get; set; }
    [Name("bandwidth_low_mb_s"), Optional] public double BandwidthLowMBps { get; set; }
    [Name("bandwidth_high_mb_s"), Optional] public double BandwidthHighMBps { get; set; }
    [Name("r_squared")] public double RSquared { get; set; }
    [Name("status"), Optional] public string Status { get; set; } = "";
}
