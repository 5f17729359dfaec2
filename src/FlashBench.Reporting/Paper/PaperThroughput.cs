namespace FlashBench.Reporting.Paper;

/// <summary>The paper's flash-throughput statements (§2.2, Fig. 2b; Table 2 measured points, M1 Max).
/// Fig. 2b's values are not published as text, so only its trend is stated.</summary>
public static class PaperThroughput
{
    public const double DenseGBps = 6.10;
    public const double SparsePerNeuronGBps = 1.25;
    public const double BundledGBps = 2.25;

    public const string Trend =
        "random-read throughput rises with chunk size and with thread count; 32 KiB or larger reads across several threads suit sparse inference (§2.2, Fig. 2b)";

    public static string Table2Summary =>
        $"Table 2 (M1 Max): dense {DenseGBps:F2} GB/s, sparse per-neuron {SparsePerNeuronGBps:F2} GB/s, bundled {BundledGBps:F2} GB/s";
}
