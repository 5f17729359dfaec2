using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Results;

/// <summary>One cold adapter swap, a row of adapters.csv: the swap (every layer block of one adapter read from flash into
/// DRAM, page cache evicted before it), the I/O control read right after it in the same round (the raw curve at the
/// swap's mean read size, same method and reads in flight, a file no swap reads), and the first token after the swap and a
/// steady token after it. Bytes are bytes, MB 10^6 bytes, times in ms.</summary>
public sealed class AdapterSwapRow
{
    public const string FileName = "adapters.csv";

    [Name("model")] public string Model { get; set; } = "";
    [Name("task")] public string Task { get; set; } = "";
    [Name("layout")] public string Layout { get; set; } = "";
    [Name("read_method")] public string ReadMethod { get; set; } = "";
    [Name("reads_in_flight")] public int ReadsInFlight { get; set; }
    [Name("rank")] public int Rank { get; set; }
    [Name("pass")] public int Pass { get; set; }
    /// <summary>The measured round (BenchmarkDotNet iteration), from 0 across passes.</summary>
    [Name("round")] public int Round { get; set; }
    /// <summary>The copy of the adapter files read (each copy read once per run unless <see cref="CopyReused"/>).</summary>
    [Name("copy")] public int Copy { get; set; }
    [Name("copy_reused")] public bool CopyReused { get; set; }
    [Name("reads")] public long Reads { get; set; }
    [Name("read_bytes")] public long ReadBytes { get; set; }
    [Name("swap_bytes")] public long SwapBytes { get; set; }
    [Name("adapter_payload_bytes")] public long AdapterPayloadBytes { get; set; }
    [Name("swap_ms")] public double SwapMs { get; set; }
    [Name("swap_mb_s")] public double SwapMBps { get; set; }
    [Name("control_read_bytes")] public long ControlReadBytes { get; set; }
    [Name("control_reads")] public long ControlReads { get; set; }
    [Name("control_ms")] public double ControlMs { get; set; }
    [Name("control_mb_s")] public double ControlMBps { get; set; }
    /// <summary>swap_mb_s ÷ control_mb_s of the same round: the swap against the raw curve at its read size.</summary>
    [Name("of_control")] public double OfControl { get; set; }
    [Name("control_reused")] public bool ControlReused { get; set; }
    /// <summary>One layer block of the swapped buffer compared byte for byte with the content written (the layer rotates).</summary>
    [Name("verified_layer")] public int VerifiedLayer { get; set; }
    [Name("verified")] public bool Verified { get; set; }
    [Name("first_token_ms")] public double FirstTokenMs { get; set; }
    [Name("first_lora_ms")] public double FirstLoraMs { get; set; }
    [Name("steady_token_ms")] public double SteadyTokenMs { get; set; }
    [Name("steady_lora_ms")] public double SteadyLoraMs { get; set; }
    [Name("compute_threads")] public int ComputeThreads { get; set; }
    [Name("resident_before")] public double ResidentBefore { get; set; }
    /// <summary>Share of the file in the page cache after the swap: ~0 when the method bypasses it.</summary>
    [Name("resident_after")] public double ResidentAfter { get; set; }
    /// <summary>Bytes the block device under the files read while the swap ran (every reader of the device counted; empty
    /// where it cannot be resolved): at least swap_bytes when the swap reached the guest's device.</summary>
    [Name("device_read_bytes")] public long? DeviceReadBytes { get; set; }
    [Name("cache")] public string Cache { get; set; } = "";
    [Name("device_state")] public string DeviceState { get; set; } = "";
}
