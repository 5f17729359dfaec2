using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Inference.Projection;

/// <summary>One row of projection_check.csv: a Table 3 row beside the projection of the same model and configuration
/// at fp16 from the run's own rates; <see cref="Ratio"/> = projected ÷ measured total (the issue asks for 0.9 … 1.1).
/// <see cref="IoBasis"/> says where the projected I/O's throughput came from: <see cref="CaseBasis"/>, the case's own
/// reads (a check of the projection's arithmetic: bytes, reads, compute and memory per token); <see cref="CurveBasis"/>,
/// the throughput curve the projection uses (a prediction, as for a shape the run did not measure: it also carries how
/// far the disk moved between the grid and the case); or <see cref="ControlBasis"/>, the I/O control read right after
/// the case.</summary>
public sealed class ProjectionCheck
{
    public const string FileName = "projection_check.csv";
    public const double Tolerance = 0.10;
    public const string CaseBasis = "case";
    public const string CurveBasis = "curve";
    public const string ControlBasis = "control";

    [Name("model")] public string Model { get; set; } = "";
    [Name("config")] public string Config { get; set; } = "";
    [Name("io_basis")] public string IoBasis { get; set; } = "";
    [Name("measured_total_ms")] public double MeasuredTotalMs { get; set; }
    [Name("projected_total_ms")] public double ProjectedTotalMs { get; set; }
    [Name("ratio")] public double Ratio { get; set; }
    [Name("within_tolerance")] public bool WithinTolerance { get; set; }
    [Name("measured_io_ms")] public double MeasuredIoMs { get; set; }
    [Name("projected_io_ms")] public double ProjectedIoMs { get; set; }
    [Name("measured_compute_ms")] public double MeasuredComputeMs { get; set; }
    [Name("projected_compute_ms")] public double ProjectedComputeMs { get; set; }
    [Name("measured_memory_ms")] public double MeasuredMemoryMs { get; set; }
    [Name("projected_memory_ms")] public double ProjectedMemoryMs { get; set; }
    /// <summary>Where the projected I/O's throughput came from.</summary>
    [Name("io_source")] public string IoSource { get; set; } = "";
}
