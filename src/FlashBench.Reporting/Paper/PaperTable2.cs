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

/// <summary>Table 2 of arXiv 2312.11514 v3, copied from shared/paper/table2_io_latency.csv.
/// Baselines use best-case theoretical I/O; I/O latency ≈ bytes ÷ throughput.</summary>
public static class PaperTable2
{
    public const string Source = PaperSource.Short + ", Table 2";

    public static IReadOnlyList<PaperTable2Row> Rows { get; } =
    [
        new("OPT-6.7B", "fp16", "M1 Max", false, false, false, false, 0, 13.4, 6.10, 2196),
        new("OPT-6.7B", "fp16", "M1 Max", true, false, false, false, 6.7, 6.7, 6.10, 1090),
        new("OPT-6.7B", "fp16", "M1 Max", true, true, false, false, 4.8, 0.9, 1.25, 738),
        new("OPT-6.7B", "fp16", "M1 Max", true, true, true, false, 6.5, 0.2, 1.25, 164),
        new("OPT-6.7B", "fp16", "M1 Max", true, true, true, true, 6.5, 0.2, 2.25, 87),
    ];

    public static PaperTable2Row Row(string configuration) =>
        Rows.FirstOrDefault(r => string.Equals(r.Configuration, configuration, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Table 2 has no row '{configuration}' (rows: {string.Join(", ", Rows.Select(r => r.Configuration))})", nameof(configuration));
}
