using FlashBench.Core.Inference.Results;
using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Projection;

public static class ProjectionSelfCheck
{
    /// <summary>Every row three times: I/O at the case's own read throughput (Table 2's device GB/s at its bytes per
    /// read), at <paramref name="curve"/> (the projection's), and at the control read beside the case (none where the
    /// case has no control).</summary>
    public static IReadOnlyList<ProjectionCheck> AllBases(IReadOnlyList<Table3Row> table3, IReadOnlyList<Table2Row> table2,
        IReadOnlyDictionary<string, ModelShape> shapes, MeasuredRates rates, IoCurve curve, int threads)
    {
        Table2Row? Io(Table3Row row) => table2.FirstOrDefault(r => r.Model == row.Model && r.Config == row.Config);
        IoCurve Own(Table3Row row) => Io(row) is { DeviceGbps: > 0 } t2
            ? IoCurve.Median([(t2.BytesPerRead, t2.DeviceGbps)], threads, $"the reads of {row.Model}/{row.Config} itself")
            : curve;
        var controlled = table3.Where(row => Io(row) is { ControlGbps: > 0, ControlReadBytes: > 0 }).ToList();
        IoCurve Control(Table3Row row)
        {
            var t2 = Io(row)!;
            return IoCurve.Median([((long)t2.ControlReadBytes!.Value, t2.ControlGbps!.Value)], threads, $"the I/O control read after {row.Model}/{row.Config}");
        }
        return [.. Compare(table3, shapes, Own, rates, ProjectionCheck.CaseBasis), .. Compare(table3, shapes, _ => curve, rates, ProjectionCheck.CurveBasis),
            .. Compare(controlled, shapes, Control, rates, ProjectionCheck.ControlBasis)];
    }

    /// <summary>Projects every Table 3 row the projection has a configuration for (naive, hybrid, all) on the run's own
    /// shapes at fp16, its I/O at <paramref name="curveFor"/>(row), and pairs it with the measured row;
    /// <paramref name="ioBasis"/> names what that curve is (<see cref="ProjectionCheck.IoBasis"/>).</summary>
    public static IReadOnlyList<ProjectionCheck> Compare(IReadOnlyList<Table3Row> table3, IReadOnlyDictionary<string, ModelShape> shapes,
        Func<Table3Row, IoCurve> curveFor, MeasuredRates rates, string ioBasis)
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
                IoBasis = ioBasis,
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
