using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Inference.Results;

/// <summary>One row of tokens.csv: one layer of one generated token. Contract (the comparer reads it):
/// model, config, precision, token, layer, phase (cold for the first k tokens, steady after), io_ms,
/// memory_ms, compute_ms, total_ms (= their sum), bytes_loaded, read_method, cache (cold|warm from the
/// weight file's residency before the measured iteration; &gt; 1 % resident = warm).</summary>
public sealed class TokenRow
{
    public const string FileName = "tokens.csv";

    [Name("model")] public string Model { get; set; } = "";
    [Name("config")] public string Config { get; set; } = "";
    [Name("precision")] public string Precision { get; set; } = "";
    [Name("token")] public int Token { get; set; }
    [Name("layer")] public int Layer { get; set; }
    [Name("phase")] public string Phase { get; set; } = "";
    [Name("io_ms")] public double IoMs { get; set; }
    [Name("memory_ms")] public double MemoryMs { get; set; }
    [Name("compute_ms")] public double ComputeMs { get; set; }
    [Name("total_ms")] public double TotalMs { get; set; }
    [Name("bytes_loaded")] public long BytesLoaded { get; set; }
    [Name("read_method")] public string ReadMethod { get; set; } = "";
    [Name("cache")] public string Cache { get; set; } = "";
    [Name("iteration")] public int Iteration { get; set; }
    [Name("shape")] public string Shape { get; set; } = "";
    [Name("window")] public int Window { get; set; }
    [Name("reads")] public long Reads { get; set; }
    [Name("neurons_loaded")] public int NeuronsLoaded { get; set; }
    [Name("neurons_held")] public int NeuronsHeld { get; set; }
    [Name("neurons_computed")] public int NeuronsComputed { get; set; }
    [Name("resident_before")] public double ResidentBefore { get; set; }
    [Name("layers_run")] public int LayersRun { get; set; }
    [Name("layers_model")] public int LayersModel { get; set; }
    [Name("threads")] public int Threads { get; set; }
}
