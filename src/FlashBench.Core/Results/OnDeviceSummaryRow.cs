using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Results;

/// <summary>One case of the on-device experiment summarised, a row of on_device_summary.csv, beside Apple's published
/// iPhone 15 Pro figure ("Introducing Apple's On-Device and Server Foundation Models", June 2024: about 30 tokens/s of
/// generation, about 0.6 ms of time to first token per prompt token). <c>median_ms</c>, <c>p10_ms</c>, <c>p90_ms</c>: per
/// decode token, or per prompt token for prefill. <c>ideal_tokens_per_s</c>: the probe-bound ideal (decode-dram: weight
/// bytes per token ÷ the memory-bandwidth probe; decode-flash: the slower of that and the FFN bytes ÷ the disk's measured
/// read rate, reads overlapping compute); prefill: compute-bound, the compute-peak probe ÷ the FLOPs of a prompt token's
/// weight products (attention scores excluded). <c>published</c>: Apple's
/// figure in this row's unit (tokens/s for decode, ms per prompt token for prefill); <c>vs_published</c>: measured ÷
/// published in that unit (above 1 = faster for decode; for prefill, ms ÷ ms, above 1 = slower).</summary>
public sealed class OnDeviceSummaryRow
{
    public const string FileName = "on_device_summary.csv";

    [Name("model")] public string Model { get; set; } = "";
    [Name("case")] public string Case { get; set; } = "";
    [Name("prompt_tokens")] public int PromptTokens { get; set; }
    [Name("samples")] public int Samples { get; set; }
    [Name("median_ms")] public double MedianMs { get; set; }
    [Name("p10_ms")] public double P10Ms { get; set; }
    [Name("p90_ms")] public double P90Ms { get; set; }
    /// <summary>Decode: 1000 ÷ median ms per token; prefill: prompt tokens per second.</summary>
    [Name("tokens_per_s")] public double TokensPerSecond { get; set; }
    [Name("weight_bytes_per_token")] public long WeightBytesPerToken { get; set; }
    [Name("probe_gb_s")] public double ProbeGbps { get; set; }
    [Name("disk_gb_s"), Optional] public double? DiskGbps { get; set; }
    /// <summary>Prefill: the compute-peak probe (register-only multiply-adds on the kernels' threads), 10^9 FLOP/s.</summary>
    [Name("compute_gflop_s"), Optional] public double? ComputeGflops { get; set; }
    [Name("ideal_tokens_per_s"), Optional] public double? IdealTokensPerSecond { get; set; }
    [Name("ideal_fraction"), Optional] public double? IdealFraction { get; set; }
    [Name("published")] public double Published { get; set; }
    [Name("published_unit")] public string PublishedUnit { get; set; } = "";
    [Name("vs_published")] public double VsPublished { get; set; }
    [Name("median_io_ms"), Optional] public double? MedianIoMs { get; set; }
    [Name("median_stall_ms"), Optional] public double? MedianStallMs { get; set; }
    [Name("path")] public string Path { get; set; } = "";
    [Name("threads")] public int Threads { get; set; }
    [Name("read_method")] public string ReadMethod { get; set; } = "";
}
