using FlashBench.Core.Inference.Results;
using FlashBench.Reporting.Charts;

namespace FlashBench.Reporting.Paper;

/// <summary>One row of Table 3: per-token latency (ms) split into I/O, memory management and compute.</summary>
public sealed record PaperTable3Row(string Model, string Method, string Backend, double IoMs, double MemoryMs, double ComputeMs, double TotalMs)
{
    public LatencyBreakdown Breakdown => new(IoMs, MemoryMs, ComputeMs);
}

/// <summary>Table 3 of arXiv 2312.11514 v3 for charts (data: <see cref="PaperTables.Table3"/>).
/// Methods: Naive, Hybrid, All, Speculative; backends: CPU, Metal M1, Metal M2, GPU.</summary>
public static class PaperTable3
{
    public const string Source = PaperSource.Short + ", Table 3";

    /// <summary>The rows of <see cref="PaperTables.Table3"/>, the project's one copy of the paper's numbers.</summary>
    public static IReadOnlyList<PaperTable3Row> Rows { get; } = PaperTables.Table3
        .Select(r => new PaperTable3Row(r.Model, r.Method, r.Backend, r.IoMs, r.MemoryMs, r.ComputeMs, r.TotalMs))
        .ToList();

    /// <summary>The row for a model/method/backend, or null when the paper did not report it.
    /// Model names match loosely ("OPT 6.7B", "opt-6.7b" and "OPT-6.7B" are the same).</summary>
    public static PaperTable3Row? Find(string model, string method, string backend = "CPU") =>
        Rows.FirstOrDefault(r => Normalize(r.Model) == Normalize(model)
            && string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase)
            && string.Equals(r.Backend, backend, StringComparison.OrdinalIgnoreCase));

    internal static string Normalize(string model) =>
        new string(model.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant();
}
