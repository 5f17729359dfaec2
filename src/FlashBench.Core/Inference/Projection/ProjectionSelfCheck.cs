using CsvHelper.Configuration.Attributes;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Projection;

/// <summary>One row of projection_check.csv: a Table 3 row beside the projection of the same model and configuration
/// at fp16 from the run's own rates; <see cref="Ratio"/> = projected ÷ measured total (the issue asks for 0.9 … 1.1).</summary>
public sealed class ProjectionCheck
{
    public const string FileName = "projection_check.csv";
    public const double Tolerance = 0.10;

    [Name("model")] public string Model { get; set; } = "";
    [Name("config")] public string Config { get; set; } = "";
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

public static class ProjectionSelfCheck
{
    /// <summary>Projects every Table 3 row the projection has a configuration for (naive, hybrid, all) on the run's own
    /// shapes at fp16 and pairs it with the measured row.</summary>
    public static IReadOnlyList<ProjectionCheck> Compare(IReadOnlyList<Table3Row> table3, IReadOnlyDictionary<string, ModelShape> shapes, IoCurve curve, MeasuredRates rates) =>
        Compare(table3, shapes, _ => curve, rates);

    /// <summary>As above, with the I/O curve of each row: the control measured beside that row's case, so the disk's
    /// drift between cases does not count against the projection's arithmetic.</summary>
    public static IReadOnlyList<ProjectionCheck> Compare(IReadOnlyList<Table3Row> table3, IReadOnlyDictionary<string, ModelShape> shapes,
        Func<Table3Row, IoCurve> curveFor, MeasuredRates rates)
    {
        var checks = new List<ProjectionCheck>();
        foreach (var row in table3.Where(r => TokensPerSecondProjection.Configs.Contains(r.Config) && shapes.ContainsKey(r.Model)))
        {
            var curve = curveFor(row);
            var projected = TokensPerSecondProjection.Row(shapes[row.Model], Precision.Fp16, row.Config, curve, rates);
            double ratio = projected.TotalMs / row.TotalMs;
            checks.Add(new ProjectionCheck
            {
                Model = row.Model,
                Config = row.Config,
                MeasuredTotalMs = row.TotalMs,
                ProjectedTotalMs = projected.TotalMs,
                Ratio = ratio,
                WithinTolerance = Math.Abs(ratio - 1) <= ProjectionCheck.Tolerance,
                MeasuredIoMs = row.IoMs,
                ProjectedIoMs = projected.IoMs,
                MeasuredComputeMs = row.ComputeMs,
                ProjectedComputeMs = projected.ComputeMs,
                MeasuredMemoryMs = row.MemoryMs,
                ProjectedMemoryMs = projected.MemoryMs,
                IoSource = curve.Source,
            });
        }
        return checks;
    }
}
