namespace FlashBench.Core.Inference.Results;

/// <summary>The paper's Tables 2 and 3 as data. Source: Alizadeh et al., "LLM in a flash: Efficient Large
/// Language Model Inference with Limited Memory", arXiv 2312.11514 v3 (ACL 2024), Table 2 (I/O latency,
/// OPT 6.7B fp16, M1 Max, half the memory) and Table 3 (per-token latency breakdown, ms).</summary>
public static class PaperTables
{
    public sealed record IoRow(string Model, string Config, double DramGb, double FlashToDramGb, double ThroughputGbps, double IoLatencyMs);

    public sealed record BreakdownRow(string Model, string Method, string Backend, double IoMs, double MemoryMs, double ComputeMs, double TotalMs);

    /// <summary>Table 2; Config uses FlashBench's names (naive, hybrid, predictor, windowing, all).</summary>
    public static IReadOnlyList<IoRow> Table2 { get; } =
    [
        new("OPT-6.7B", "naive", 0, 13.4, 6.10, 2196),
        new("OPT-6.7B", "hybrid", 6.7, 6.7, 6.10, 1090),
        new("OPT-6.7B", "predictor", 4.8, 0.9, 1.25, 738),
        new("OPT-6.7B", "windowing", 6.5, 0.2, 1.25, 164),
        new("OPT-6.7B", "all", 6.5, 0.2, 2.25, 87),
    ];

    /// <summary>Table 3 (Method: Naive, Hybrid, All, Speculative; Backend: CPU, Metal M1, Metal M2, GPU).</summary>
    public static IReadOnlyList<BreakdownRow> Table3 { get; } =
    [
        new("OPT-6.7B", "Naive", "CPU", 2196, 0, 986, 3182),
        new("OPT-6.7B", "All", "CPU", 105, 58, 506, 669),
        new("OPT-6.7B", "Naive", "Metal M1", 2196, 0, 193, 2389),
        new("OPT-6.7B", "All", "Metal M1", 92, 35, 438, 565),
        new("OPT-6.7B", "Naive", "Metal M2", 2145, 0, 125, 2270),
        new("OPT-6.7B", "All", "Metal M2", 26, 8, 271, 305),
        new("OPT-6.7B", "Naive", "GPU", 2196, 0, 22, 2218),
        new("OPT-6.7B", "All", "GPU", 30, 34, 20, 84),
        new("OPT-6.7B", "Speculative", "GPU", 38.5, 9.5, 12, 60),
        new("Falcon-7B", "Naive", "CPU", 2295, 0, 800, 3095),
        new("Falcon-7B", "Hybrid", "CPU", 1147, 0, 800, 1947),
        new("Falcon-7B", "All", "CPU", 161, 92, 453, 706),
        new("Persimmon-8B", "Naive", "CPU", 2622, 0, 1184, 3806),
        new("Persimmon-8B", "Hybrid", "CPU", 1311, 0, 1184, 2495),
        new("Persimmon-8B", "All", "CPU", 283, 98, 660, 1041),
        new("Phi-2", "Naive", "CPU", 885, 0, 402, 1287),
        new("Phi-2", "Hybrid", "CPU", 309, 0, 402, 711),
        new("Phi-2", "All", "CPU", 211, 76, 259, 546),
        new("Llama-2-7B", "Naive", "CPU", 2166, 0, 929, 3095),
        new("Llama-2-7B", "Hybrid", "CPU", 974, 0, 929, 1903),
        new("Llama-2-7B", "All", "CPU", 279, 152, 563, 994),
    ];

    public static IoRow? Io(string paperModel, string config) =>
        Table2.FirstOrDefault(r => r.Model == paperModel && r.Config == config);

    /// <summary>The CPU row of Table 3 (the paper's CPU runs are the comparable ones for this machine).</summary>
    public static BreakdownRow? Cpu(string paperModel, string config) =>
        Table3.FirstOrDefault(r => r.Model == paperModel && r.Backend == "CPU" && string.Equals(r.Method, config, StringComparison.OrdinalIgnoreCase));
}
