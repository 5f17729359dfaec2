using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Results;

/// <summary>One measured sample of the on-device experiment, a row of on_device.csv. <c>case</c>: "decode-dram" (every
/// weight in DRAM), "decode-flash" (the FFN read from flash every token, the rest in DRAM) or "prefill" (a prompt of
/// <c>prompt_tokens</c> tokens as one batch). A decode row is one generated token (<c>sample</c> = its index after the
/// warm-up tokens, <c>position</c> its place in the KV cache); a prefill row is one repetition of the whole prompt.
/// <c>io_ms</c>, <c>stall_ms</c>: the token's FFN reads (reader thread) and the time compute waited for them;
/// <c>bytes_read</c>: bytes read from the file (with alignment padding), <c>weight_bytes</c>: weight bytes the token or
/// prompt touched.</summary>
public sealed class OnDeviceRow
{
    public const string FileName = "on_device.csv";

    public const string DecodeDram = "decode-dram";
    public const string DecodeFlash = "decode-flash";
    public const string Prefill = "prefill";

    [Name("model")] public string Model { get; set; } = "";
    [Name("case")] public string Case { get; set; } = "";
    [Name("prompt_tokens")] public int PromptTokens { get; set; }
    [Name("sample")] public int Sample { get; set; }
    [Name("position")] public int Position { get; set; }
    [Name("ms")] public double Ms { get; set; }
    [Name("io_ms")] public double IoMs { get; set; }
    [Name("stall_ms")] public double StallMs { get; set; }
    [Name("bytes_read")] public long BytesRead { get; set; }
    [Name("weight_bytes")] public long WeightBytes { get; set; }
    /// <summary>Decode: the memory-bandwidth probe read right after this token on as many threads (10^9 B/s), its control.</summary>
    [Name("probe_gb_s"), Optional] public double? ProbeGbps { get; set; }
    /// <summary>Prefill: the compute-peak probe right before and after this prompt (their mean), 10^9 FLOP/s, its control.</summary>
    [Name("compute_gflop_s"), Optional] public double? ComputeGflops { get; set; }
    /// <summary>The vector width the kernels ran at: "AVX-512", "AVX2" or "scalar".</summary>
    [Name("path")] public string Path { get; set; } = "";
    [Name("threads")] public int Threads { get; set; }
    /// <summary>How the FFN was read in decode-flash ("direct": O_DIRECT; "buffered": evicted before every token); empty otherwise.</summary>
    [Name("read_method")] public string ReadMethod { get; set; } = "";
}
