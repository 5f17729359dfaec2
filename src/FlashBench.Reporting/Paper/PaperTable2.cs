using FlashBench.Core.Inference.Results;

namespace FlashBench.Reporting.Paper;

/// <summary>One row of Table 2 (I/O latency, OPT 6.7B fp16, M1 Max, half the model in DRAM).</summary>
public sealed record PaperTable2Row(
    string Model, string Precision, string Device,
    bool Hybrid, bool Predictor, bool Windowing, bool Bundling,
    double DramGB, double FlashToDramGB, double ThroughputGBps, double IoLatencyMs)
{
    /// <summary>"Naive", "Hybrid", "+Predictor", "+Windowing", "+Bundling": the row's name in the paper.</summary>
    public string Configuration => (Hybrid, Predictor, Windowing, Bundling) switch
    {
        (false, _, _, _) => "Naive",
        (true, false, _, _) => "Hybrid",
        (true, true, false, _) => "+Predictor",
        (true, true, true, false) => "+Windowing",
        _ => "+Bundling",
    };
}

/// <summary>Table 2 of arXiv 2312.11514 v3 for charts (data: <see cref="PaperTables.Table2"/>).
/// Baselines use best-case theoretical I/O; I/O latency ≈ bytes ÷ throughput.</summary>
public static class PaperTable2
{
    public const string Source = PaperSource.Short + ", Table 2";

    /// <summary>The rows of <see cref="PaperTables.Table2"/> (OPT 6.7B, fp16, M1 Max), the project's one copy of the paper's numbers.</summary>
    public static IReadOnlyList<PaperTable2Row> Rows { get; } = PaperTables.Table2
        .Select(r => new PaperTable2Row(r.Model, "fp16", "M1 Max",
            Hybrid: r.Config != "naive",
            Predictor: r.Config is "predictor" or "windowing" or "all",
            Windowing: r.Config is "windowing" or "all",
            Bundling: r.Config == "all",
            r.DramGb, r.FlashToDramGb, r.ThroughputGbps, r.IoLatencyMs))
        .ToList();

    public static PaperTable2Row Row(string configuration) =>
        Rows.FirstOrDefault(r => string.Equals(r.Configuration, configuration, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Table 2 has no row '{configuration}' (rows: {string.Join(", ", Rows.Select(r => r.Configuration))})", nameof(configuration));
}
