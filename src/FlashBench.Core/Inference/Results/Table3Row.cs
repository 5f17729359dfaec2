using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Inference.Results;

/// <summary>One row of table3.csv (paper Table 3, latency breakdown per token, ms): the median over steady-state tokens
/// with its spread (*_low_ms … *_high_ms: <see cref="SpreadKind"/>), the means apart (what the projection's rates, sums
/// over tokens, reproduce), the first-k (cold window) tokens separately, the paper's CPU row where it has one, and the
/// total as a ratio to Naive: paired by token (<see cref="TotalRatio"/>, Naive ÷ this) and, as older files had it, this ÷
/// Naive of the means. Files written before the medians hold means in io_ms … total_ms and SDs in *_sd_ms.</summary>
public sealed class Table3Row
{
    public const string FileName = "table3.csv";

    [Name("model")] public string Model { get; set; } = "";
    [Name("config")] public string Config { get; set; } = "";
    [Name("precision")] public string Precision { get; set; } = "";
    [Name("read_method")] public string ReadMethod { get; set; } = "";
    [Name("cache")] public string Cache { get; set; } = "";
    [Name("io_ms")] public double IoMs { get; set; }
    [Name("io_low_ms"), Optional] public double? IoLowMs { get; set; }
    [Name("io_high_ms"), Optional] public double? IoHighMs { get; set; }
    [Name("memory_ms")] public double MemoryMs { get; set; }
    [Name("memory_low_ms"), Optional] public double? MemoryLowMs { get; set; }
    [Name("memory_high_ms"), Optional] public double? MemoryHighMs { get; set; }
    [Name("compute_ms")] public double ComputeMs { get; set; }
    [Name("compute_low_ms"), Optional] public double? ComputeLowMs { get; set; }
    [Name("compute_high_ms"), Optional] public double? ComputeHighMs { get; set; }
    [Name("total_ms")] public double TotalMs { get; set; }
    [Name("total_low_ms"), Optional] public double? TotalLowMs { get; set; }
    [Name("total_high_ms"), Optional] public double? TotalHighMs { get; set; }
    /// <summary>What *_low_ms and *_high_ms are: <see cref="Quartiles"/> from four steady tokens on, else <see cref="Range"/>;
    /// empty in files written before the medians.</summary>
    [Name("spread"), Optional] public string SpreadKind { get; set; } = "";
    [Name("io_mean_ms"), Optional] public double? IoMeanMs { get; set; }
    [Name("memory_mean_ms"), Optional] public double? MemoryMeanMs { get; set; }
    [Name("compute_mean_ms"), Optional] public double? ComputeMeanMs { get; set; }
    [Name("total_mean_ms"), Optional] public double? TotalMeanMs { get; set; }
    [Name("cold_total_ms")] public double ColdTotalMs { get; set; }
    /// <summary>This configuration's mean total ÷ Naive's (the unpaired figure older files carry).</summary>
    [Name("total_ratio_to_naive")] public double TotalRatioOfMeans { get; set; }
    /// <summary>Naive's total ÷ this configuration's, the median of the per-token ratios (same iteration, same steady
    /// token, both sides' rows counting); empty without Naive rows or in older files.</summary>
    [Name("total_ratio"), Optional] public double? TotalRatio { get; set; }
    [Name("total_ratio_lower"), Optional] public double? TotalRatioLower { get; set; }
    [Name("total_ratio_upper"), Optional] public double? TotalRatioUpper { get; set; }
    [Name("total_ratio_pairs"), Optional] public int? TotalRatioPairs { get; set; }
    /// <summary>The confidence the bounds hold (<see cref="FlashBench.Core.Pairing.PairedRatio.Confidence"/>).</summary>
    [Name("total_ratio_confidence"), Optional] public double? TotalRatioConfidence { get; set; }
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

    public const string Quartiles = "quartiles";
    public const string Range = "min-max";

    /// <summary>A copy whose io_ms … total_ms are the means (rows without means stay as they are): the projection's rates
    /// are sums over tokens, so its self-check, which checks arithmetic, compares means.</summary>
    public Table3Row AtMeans()
    {
        var copy = (Table3Row)MemberwiseClone();
        copy.IoMs = IoMeanMs ?? IoMs;
        copy.MemoryMs = MemoryMeanMs ?? MemoryMs;
        copy.ComputeMs = ComputeMeanMs ?? ComputeMs;
        copy.TotalMs = TotalMeanMs ?? TotalMs;
        return copy;
    }
}
