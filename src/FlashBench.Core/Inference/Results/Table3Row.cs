using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Inference.Results;

/// <summary>One row of table3.csv (paper Table 3, latency breakdown per token, ms): measured mean ± SD over
/// steady-state tokens, the first-k (cold window) tokens separately, the paper's CPU row where it has one,
/// and totals as ratios to Naive.</summary>
public sealed class Table3Row
{
    public const string FileName = "table3.csv";

    [Name("model")] public string Model { get; set; } = "";
    [Name("config")] public string Config { get; set; } = "";
    [Name("precision")] public string Precision { get; set; } = "";
    [Name("read_method")] public string ReadMethod { get; set; } = "";
    [Name("cache")] public string Cache { get; set; } = "";
    [Name("io_ms")] public double IoMs { get; set; }
    [Name("io_sd_ms")] public double IoSdMs { get; set; }
    [Name("memory_ms")] public double MemoryMs { get; set; }
    [Name("memory_sd_ms")] public double MemorySdMs { get; set; }
    [Name("compute_ms")] public double ComputeMs { get; set; }
    [Name("compute_sd_ms")] public double ComputeSdMs { get; set; }
    [Name("total_ms")] public double TotalMs { get; set; }
    [Name("total_sd_ms")] public double TotalSdMs { get; set; }
    [Name("cold_total_ms")] public double ColdTotalMs { get; set; }
    [Name("total_ratio_to_naive")] public double TotalRatio { get; set; }
    [Name("paper_io_ms")] public double? PaperIoMs { get; set; }
    [Name("paper_memory_ms")] public double? PaperMemoryMs { get; set; }
    [Name("paper_compute_ms")] public double? PaperComputeMs { get; set; }
    [Name("paper_total_ms")] public double? PaperTotalMs { get; set; }
    [Name("paper_total_ratio_to_naive")] public double? PaperTotalRatio { get; set; }
    [Name("paper_backend")] public string PaperBackend { get; set; } = "";
    [Name("steady_tokens")] public int SteadyTokens { get; set; }
    [Name("layers_run")] public int LayersRun { get; set; }
    [Name("layers_model")] public int LayersModel { get; set; }
    /// <summary>The kernels' DRAM rate: each steady token's weights streamed ÷ its compute time, the median over tokens.</summary>
    [Name("compute_gb_s"), Optional] public double ComputeGbps { get; set; }
    /// <summary>Compute time per weight streamed (ns): the JIT check compares it across a model's configurations.</summary>
    [Name("compute_ns_per_weight"), Optional] public double ComputeNsPerWeight { get; set; }
    /// <summary>The memory-bandwidth probe at the compute thread count (1 core or all cores): the median of the passes
    /// measured after each steady token, or the run's probe where the rows carry none; empty without a probe.</summary>
    [Name("probe_gb_s"), Optional] public double? ProbeGbps { get; set; }
    /// <summary>Each steady token's compute GB/s ÷ the probe pass right after it, the median over tokens (older rows:
    /// compute_gb_s ÷ the run's probe): 1 = the kernels stream weights as fast as a plain read.</summary>
    [Name("compute_fraction_of_probe"), Optional] public double? ComputeFractionOfProbe { get; set; }
    /// <summary>The smallest and largest token's ratio (empty without per-token probe passes).</summary>
    [Name("compute_fraction_low"), Optional] public double? ComputeFractionLow { get; set; }
    [Name("compute_fraction_high"), Optional] public double? ComputeFractionHigh { get; set; }
    /// <summary>Compute ns per weight more than <see cref="LatencyTables.OutlierFactor"/>× the median of the model's
    /// other configurations: a sign that this case ran before optimised code existed (or was disturbed).</summary>
    [Name("compute_outlier"), Optional] public bool ComputeOutlier { get; set; }
    [Name("method_note")] public string MethodNote { get; set; } = "";
}
