using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Inference.Projection;

/// <summary>One row of projection.csv: projected per-token latency and tokens/s of a model at a precision
/// with a set of techniques, on this machine (measured I/O curve, measured compute rates). A precision without a
/// measured kernel has compute_measured = false and NaN compute, total and tokens/s ("not measured").</summary>
public sealed class ProjectionRow
{
    public const string FileName = "projection.csv";

    [Name("model")] public string Model { get; set; } = "";
    [Name("params_b")] public double ParamsBillions { get; set; }
    [Name("precision")] public string Precision { get; set; } = "";
    [Name("bits_per_weight")] public double BitsPerWeight { get; set; }
    [Name("config")] public string Config { get; set; } = "";
    [Name("model_gb")] public double ModelGb { get; set; }
    [Name("dram_gb")] public double DramGb { get; set; }
    /// <summary>Weights read from flash per token (GB), padding apart.</summary>
    [Name("flash_gb_per_token")] public double FlashGbPerToken { get; set; }
    /// <summary>Bytes read per token (GB) with the padding the file layout needs for O_DIRECT.</summary>
    [Name("read_gb_per_token"), Optional] public double ReadGbPerToken { get; set; }
    /// <summary>Mean size of one read: where the I/O curve is read.</summary>
    [Name("read_bytes")] public long ReadBytes { get; set; }
    [Name("throughput_gb_s")] public double ThroughputGbps { get; set; }
    [Name("io_ms")] public double IoMs { get; set; }
    [Name("memory_ms")] public double MemoryMs { get; set; }
    [Name("compute_ms")] public double ComputeMs { get; set; }
    [Name("total_ms")] public double TotalMs { get; set; }
    [Name("tokens_per_s")] public double TokensPerSecond { get; set; }
    [Name("reaches_30_tok_s")] public bool Reaches30 { get; set; }
    [Name("compute_measured"), Optional] public bool ComputeMeasured { get; set; }
    /// <summary>What this row takes from measurements (and which).</summary>
    [Name("measured"), Optional] public string Measured { get; set; } = "";
    /// <summary>What this row assumes.</summary>
    [Name("assumed"), Optional] public string Assumed { get; set; } = "";
    [Name("basis")] public string Basis { get; set; } = "";
}
