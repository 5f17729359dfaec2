using FlashBench.Core.Inference.Results;
using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Projection;

/// <summary>One Table 3 row beside the projection of the same model and configuration at fp16 from the run's own
/// rates: <see cref="Ratio"/> = projected ÷ measured total (the issue asks for 0.9 … 1.1).</summary>
public sealed record ProjectionCheck(string Model, string Config, double MeasuredTotalMs, double ProjectedTotalMs,
    double MeasuredIoMs, double ProjectedIoMs, double MeasuredComputeMs, double ProjectedComputeMs)
{
    public const double Tolerance = 0.10;

    public double Ratio => ProjectedTotalMs / MeasuredTotalMs;

    public bool WithinTolerance => Math.Abs(Ratio - 1) <= Tolerance;
}

public static class ProjectionSelfCheck
{
    /// <summary>Projects every Table 3 row the projection has a configuration for (naive, hybrid, all) on the run's own
    /// shapes at fp16 and pairs it with the measured row.</summary>
    public static IReadOnlyList<ProjectionCheck> Compare(IReadOnlyList<Table3Row> table3, IReadOnlyDictionary<string, ModelShape> shapes, IoCurve curve, MeasuredRates rates)
    {
        var checks = new List<ProjectionCheck>();
        foreach (var row in table3.Where(r => TokensPerSecondProjection.Configs.Contains(r.Config) && shapes.ContainsKey(r.Model)))
        {
            var projected = TokensPerSecondProjection.Row(shapes[row.Model], Precision.Fp16, row.Config, curve, rates);
            checks.Add(new ProjectionCheck(row.Model, row.Config, row.TotalMs, projected.TotalMs, row.IoMs, projected.IoMs, row.ComputeMs, projected.ComputeMs));
        }
        return checks;
    }
}
