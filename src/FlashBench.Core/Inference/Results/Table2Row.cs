using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Inference.Results;

/// <summary>One row of table2.csv (paper Table 2, I/O latency): measured on this machine, the paper's value
/// where it has one, and both as ratios to Naive. Byte and time figures are per token for the whole model. The I/O
/// ratio that carries the headline (<see cref="IoRatio"/>, Naive ÷ this) is paired by token; io_ratio_to_naive is the
/// older, unpaired ratio of the means the other way round.</summary>
public sealed class Table2Row
{
    public const string FileName = "table2.csv";

    /// <summary>A row reading faster than this multiple of the cold random-read curve at its read size was served by a cache
    /// below the guest (the hypervisor's, for re-read regions), not by flash.</summary>
    public const double AboveCurveFactor = 1.5;

    [Name("model")] public string Model { get; set; } = "";
    [Name("config")] public string Config { get; set; } = "";
    [Name("paper_label")] public string PaperLabel { get; set; } = "";
    [Name("precision")] public string Precision { get; set; } = "";
    [Name("read_method")] public string ReadMethod { get; set; } = "";
    [Name("cache")] public string Cache { get; set; } = "";
    [Name("dram_gb")] public double DramGb { get; set; }
    /// <summary>Weights moved from flash per token (GB): the paper's Flash → DRAM column. Padding is apart.</summary>
    [Name("flash_to_dram_gb")] public double FlashToDramGb { get; set; }
    /// <summary>Bytes read per token beyond the weights (GB): row padding to 512/4096-byte boundaries for O_DIRECT.</summary>
    [Name("padding_gb"), Optional] public double PaddingGb { get; set; }
    [Name("bytes_per_read")] public long BytesPerRead { get; set; }
    /// <summary>Weights moved ÷ I/O time (the paper's throughput: useful bytes per second).</summary>
    [Name("throughput_gb_s")] public double ThroughputGbps { get; set; }
    /// <summary>Bytes read (padding included) ÷ I/O time: what the device delivered, comparable to the random-read curve.</summary>
    [Name("device_gb_s"), Optional] public double DeviceGbps { get; set; }
    /// <summary>The measured random-read curve's throughput at this row's read size (empty when the curve is this run's own rows).</summary>
    [Name("curve_gb_s")] public double? CurveGbps { get; set; }

    /// <summary>Read faster than the device's cold curve allows (<see cref="AboveCurveFactor"/>): not a flash figure.</summary>
    [Ignore] public bool AboveCurve => CurveGbps is > 0 && ThroughputGbps > AboveCurveFactor * CurveGbps.Value;
    /// <summary>The I/O control measured right after this case (median over its iterations): fresh offsets of a file no
    /// case reads, at control_read_bytes, with the loaders' method and threads. What the projection's I/O is taken from.</summary>
    [Name("control_gb_s"), Optional] public double? ControlGbps { get; set; }
    [Name("control_read_bytes"), Optional] public int? ControlReadBytes { get; set; }
    [Name("io_ms")] public double IoMs { get; set; }
    [Name("io_sd_ms")] public double IoSdMs { get; set; }
    [Name("memory_ms")] public double MemoryMs { get; set; }
    [Name("compute_ms")] public double ComputeMs { get; set; }
    /// <summary>This configuration's mean I/O ÷ Naive's (unpaired; the column older files carry).</summary>
    [Name("io_ratio_to_naive")] public double IoRatioOfMeans { get; set; }
    /// <summary>Naive's I/O ÷ this configuration's, the median of the per-token ratios (same iteration, same steady
    /// token, both sides' rows counting): the paper's Naive → All speed-up; empty without Naive rows or in older files.</summary>
    [Name("io_ratio"), Optional] public double? IoRatio { get; set; }
    [Name("io_ratio_lower"), Optional] public double? IoRatioLower { get; set; }
    [Name("io_ratio_upper"), Optional] public double? IoRatioUpper { get; set; }
    [Name("io_ratio_pairs"), Optional] public int? IoRatioPairs { get; set; }
    [Name("io_ratio_confidence"), Optional] public double? IoRatioConfidence { get; set; }
    [Name("bytes_ratio_to_naive")] public double BytesRatio { get; set; }
    [Name("paper_dram_gb")] public double? PaperDramGb { get; set; }
    [Name("paper_flash_to_dram_gb")] public double? PaperFlashToDramGb { get; set; }
    [Name("paper_throughput_gb_s")] public double? PaperThroughputGbps { get; set; }
    [Name("paper_io_ms")] public double? PaperIoMs { get; set; }
    [Name("paper_io_ratio_to_naive")] public double? PaperIoRatio { get; set; }
    [Name("steady_tokens")] public int SteadyTokens { get; set; }
    [Name("layers_run")] public int LayersRun { get; set; }
    [Name("layers_model")] public int LayersModel { get; set; }
    /// <summary>Device GB/s ÷ the control's GB/s (same method and reads in flight, read right after the case's iterations):
    /// how close the loader comes to the raw random-read rate at its read size.</summary>
    [Ignore] public double? DeviceOverControl => ControlGbps is > 0 && DeviceGbps > 0 ? DeviceGbps / ControlGbps : null;

    /// <summary>A row whose loader read below this fraction of its own I/O control (same method, threads and moment) was
    /// not held back by the device the control read: its files were cold below the guest while the control's were not, or
    /// the loader stalled. Either way its ratios are not the device's.</summary>
    public const double BelowControlFactor = 0.5;

    /// <summary>Read below <see cref="BelowControlFactor"/> of its I/O control: not the device's rate.</summary>
    [Ignore] public bool BelowControl => DeviceOverControl < BelowControlFactor;

    /// <summary>A row whose loader read above this multiple of its own I/O control (fresh offsets, same method, threads and
    /// moment) was served by something faster than the device: a cache below the guest holding the case's files, which the
    /// iterations re-read. Its cold curve can still be higher (an old curve, a faster day), so the curve alone misses it.</summary>
    public const double AboveControlFactor = 1.5;

    /// <summary>Read above <see cref="AboveControlFactor"/> of its I/O control: not the device's rate.</summary>
    [Ignore] public bool AboveControl => DeviceOverControl > AboveControlFactor;
    /// <summary>The run's second read method (latency --method A,B: its engines interleaved with these token by token); empty
    /// when the run read one way. The alt_ columns are its figures for this configuration.</summary>
    [Name("alt_read_method"), Optional] public string AltReadMethod { get; set; } = "";
    [Name("alt_io_ms"), Optional] public double? AltIoMs { get; set; }
    [Name("alt_device_gb_s"), Optional] public double? AltDeviceGbps { get; set; }
    [Name("alt_control_gb_s"), Optional] public double? AltControlGbps { get; set; }
    /// <summary>This row's I/O ÷ the alternative method's, median of the per-token ratios (same iteration and token): above 1
    /// the alternative reads faster.</summary>
    [Name("alt_io_ratio"), Optional] public double? AltIoRatio { get; set; }
    [Name("alt_io_ratio_lower"), Optional] public double? AltIoRatioLower { get; set; }
    [Name("alt_io_ratio_upper"), Optional] public double? AltIoRatioUpper { get; set; }
    [Name("alt_io_ratio_pairs"), Optional] public int? AltIoRatioPairs { get; set; }
    [Ignore] public double? AltDeviceOverControl => AltControlGbps is > 0 && AltDeviceGbps is > 0 ? AltDeviceGbps / AltControlGbps : null;
    [Name("method_note")] public string MethodNote { get; set; } = "";
}
