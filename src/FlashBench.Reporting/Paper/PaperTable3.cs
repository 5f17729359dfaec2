using FlashBench.Reporting.Charts;

namespace FlashBench.Reporting.Paper;

/// <summary>One row of Table 3: per-token latency (ms) split into I/O, memory management and compute.</summary>
public sealed record PaperTable3Row(string Model, string Method, string Backend, double IoMs, double MemoryMs, double ComputeMs, double TotalMs)
{
    public LatencyBreakdown Breakdown => new(IoMs, MemoryMs, ComputeMs);
}

/// <summary>Table 3 of arXiv 2312.11514 v3, copied from shared/paper/table3_latency_breakdown.csv.
/// Methods: Naive, Hybrid, All, Speculative; backends: CPU, Metal M1, Metal M2, GPU.</summary>
public static class PaperTable3
{
    public const string Source = PaperSource.Short + ", Table 3";

    public static IReadOnlyList<PaperTable3Row> Rows { get; } =
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

    /// <summary>The row for a model/method/backend, or null when the paper did not report it.
    /// Model names match loosely ("OPT 6.7B", "opt-6.7b" and "OPT-6.7B" are the same).</summary>
    public static PaperTable3Row? Find(string model, string method, string backend = "CPU") =>
        Rows.FirstOrDefault(r => Normalize(r.Model) == Normalize(model)
            && string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)
            && string.Equals(r.Backend, backend, StringComparison.OrdinalIgnoreCase));

    internal static string Normalize(string model) =>
        new string(model.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
}
