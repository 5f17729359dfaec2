using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Inference.Results;

/// <summary>One row of tokens.csv: one layer of one generated token. Contract (the comparer reads it):
/// model, config, precision, token, layer, phase (cold for the first k tokens, steady after), io_ms,
/// memory_ms, compute_ms, total_ms (= their sum), bytes_loaded, read_method, cache (cold|warm from the
/// weight file's residency before the measured iteration; &gt; 1 % resident = warm).
/// A token's figure is Σ rows × <see cref="Weight"/>: layer −1 is the LM head (weight 1), every run layer stands for
/// layer_weight model layers. Columns added later are optional, so older tokens.csv files still read.</summary>
public sealed class TokenRow
{
    public const string FileName = "tokens.csv";

    /// <summary>The phase of the first k tokens, which fill the window; the steady state follows.</summary>
    public const string ColdPhase = "cold";

    public const string SteadyPhase = "steady";

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
    /// <summary>Of bytes_loaded, the bytes of weights (the rest is padding of rows and blocks).</summary>
    [Name("weight_bytes_loaded"), Optional] public long WeightBytesLoaded { get; set; }
    /// <summary>Bytes of weights the compute kernels streamed from DRAM (TokenLayerTiming.ComputeBytes).</summary>
    [Name("compute_bytes"), Optional] public long ComputeBytes { get; set; }
    /// <summary>Model layers this row stands for (1 for the LM head); 0 in files written before the column existed.</summary>
    [Name("layer_weight"), Optional] public double LayerWeight { get; set; }
    [Name("compute_threads"), Optional] public int ComputeThreads { get; set; }
    /// <summary>The memory-bandwidth probe's read (its ceiling variant, on compute_threads threads) measured right after
    /// this token, outside its timed parts: the control its compute GB/s is divided by. Empty when none was taken.</summary>
    [Name("probe_gb_s"), Optional] public double? ProbeGbps { get; set; }
    /// <summary>The I/O control measured right after this row's iteration (<see cref="Engine.ReadControl"/>): reads of
    /// control_read_bytes at fresh offsets of a file no case reads, with the loaders' method and threads. The same on
    /// every row of one iteration; empty when none was taken.</summary>
    [Name("control_gb_s"), Optional] public double? ControlGbps { get; set; }
    [Name("control_read_bytes"), Optional] public int? ControlReadBytes { get; set; }
    /// <summary>The device's state around this row's case measurement (<see cref="FlashBench.Core.Results.DeviceStates"/>).</summary>
    [Name("device_state"), Optional] public string DeviceState { get; set; } = "";

    public const int LmHeadLayer = -1;

    /// <summary>Model layers this row stands for: layer_weight; for older files layers_model ÷ layers_run (the LM head: 1).</summary>
    [Ignore]
    public double Weight => LayerWeight > 0 ? LayerWeight : Layer == LmHeadLayer ? 1 : LayersModel / (double)LayersRun;
}
