using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Results;

/// <summary>One measured token of a sparse-loading experiment (windowing, bundling, memory, precision): a row of
/// &lt;experiment&gt;.csv. Bytes are bytes; times in milliseconds; GB are 10^9 bytes; fractions 0…1.
/// <c>bytes_loaded</c> counts bytes read from flash (with O_DIRECT padding, none for OPT in fp16/fp32/int8/int4),
/// <c>bytes_useful</c> the neurons' weights alone. <c>cache</c> is cold when at most 1 % of the weight file was in
/// the page cache before the token (<c>resident_before</c>).</summary>
public sealed class SparseTokenRow
{
    [Name("experiment")] public string Experiment { get; set; } = "";
    [Name("model")] public string Model { get; set; } = "";
    [Name("precision")] public string Precision { get; set; } = "";
    [Name("layout")] public string Layout { get; set; } = "";
    [Name("manager")] public string Manager { get; set; } = "";
    [Name("window")] public int Window { get; set; }
    [Name("threads")] public int Threads { get; set; }
    [Name("token")] public int Token { get; set; }
    [Name("neurons_loaded")] public long NeuronsLoaded { get; set; }
    [Name("neurons_deleted")] public long NeuronsDeleted { get; set; }
    [Name("neurons_resident")] public long NeuronsResident { get; set; }
    [Name("reads")] public long Reads { get; set; }
    [Name("bytes_loaded")] public long BytesLoaded { get; set; }
    [Name("bytes_useful")] public long BytesUseful { get; set; }
    [Name("io_ms")] public double IoMs { get; set; }
    [Name("effective_gb_s")] public double EffectiveGBps { get; set; }
    [Name("memory_ms")] public double MemoryMs { get; set; }
    [Name("bytes_copied")] public long BytesCopied { get; set; }
    [Name("bytes_allocated")] public long BytesAllocated { get; set; }
    [Name("dram_bytes")] public long DramBytes { get; set; }
    [Name("dram_allocated_bytes")] public long DramAllocatedBytes { get; set; }
    [Name("loaded_fraction")] public double LoadedFraction { get; set; }
    [Name("cached_fraction")] public double CachedFraction { get; set; }
    [Name("ffn_neurons")] public long FfnNeurons { get; set; }
    [Name("ffn_bytes")] public long FfnBytes { get; set; }
    [Name("resident_before")] public double ResidentBefore { get; set; }
    [Name("cache")] public string Cache { get; set; } = "";
    [Name("read_method")] public string ReadMethod { get; set; } = "";
    [Name("peak_rss_bytes")] public long PeakRssBytes { get; set; }
    /// <summary>The process's resident memory when the case began, before its loader existed (the runtime and what
    /// earlier experiments of the same process left): peak_rss_bytes − this is what the case itself added.</summary>
    [Name("baseline_rss_bytes"), Optional] public long BaselineRssBytes { get; set; }
    [Name("dram_budget_bytes")] public long DramBudgetBytes { get; set; }
    [Name("trace")] public string Trace { get; set; } = "";
    /// <summary>The pass (block) of the case this token belongs to: paired experiments visit their cases in blocks whose
    /// order alternates (A B, B A), so a ratio pairs the sides' blocks of the same pass.</summary>
    [Name("pass"), Optional] public int Pass { get; set; }
    /// <summary>The device's state around this token's case measurement (<see cref="DeviceStates"/>).</summary>
    [Name("device_state"), Optional] public string DeviceState { get; set; } = "";
    /// <summary>The I/O control read right after this token: fresh offsets of the test file (a file no case reads) at this
    /// token's mean read size, with the same method and reads in flight; empty when the run took none.</summary>
    [Name("control_gb_s"), Optional] public double? ControlGbps { get; set; }
    /// <summary>The control's read size (the token's mean read size, rounded up to 512 bytes).</summary>
    [Name("control_read_bytes"), Optional] public int? ControlReadBytes { get; set; }
    /// <summary>The control read a region of the test file read before in this run (more measurements than regions).</summary>
    [Name("control_reused"), Optional] public bool? ControlReused { get; set; }

    /// <summary><see cref="EffectiveGBps"/> (bytes read over I/O time) ÷ its I/O control; null without a control.</summary>
    [Ignore] public double? OfControl => ControlGbps is > 0 && EffectiveGBps > 0 ? EffectiveGBps / ControlGbps : null;
}

/// <summary>A row of trace_layers.csv: mean fraction of a layer's FFN neurons active / predicted per token.</summary>
public sealed class TraceLayerRow
{
    public const string FileName = "trace_layers.csv";

    [Name("model")] public string Model { get; set; } = "";
    [Name("trace")] public string Trace { get; set; } = "";
    [Name("layer")] public int Layer { get; set; }
    [Name("active_fraction")] public double ActiveFraction { get; set; }
    [Name("predicted_fraction")] public double PredictedFraction { get; set; }
    [Name("false_negative_rate")] public double FalseNegativeRate { get; set; }
}

/// <summary>A row of trace_sagg.csv: s_agg(k) (union of the predicted sets of the last k tokens) and the increment a
/// window of k leaves to load per token, both as fractions of the FFN (all layers).</summary>
public sealed class TraceSaggRow
{
    public const string FileName = "trace_sagg.csv";

    [Name("model")] public string Model { get; set; } = "";
    [Name("trace")] public string Trace { get; set; } = "";
    [Name("k")] public int K { get; set; }
    [Name("s_agg_fraction")] public double SAggFraction { get; set; }
    [Name("increment_fraction")] public double IncrementFraction { get; set; }
}
