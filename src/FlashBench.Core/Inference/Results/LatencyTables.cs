using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Machine;
using MathNet.Numerics.Statistics;
using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Results;

/// <summary>Builds table2.csv and table3.csv rows from tokens.csv rows: one row per model × configuration,
/// measured figures, the paper's where it has them, and ratios to Naive (this disk is not an M1 Max SSD, so
/// the ratios are what carries over).</summary>
public static class LatencyTables
{
    /// <summary>How a model's rows were produced: the shape whose full depth the figures are extrapolated to,
    /// its DRAM budget, and the note stating what was measured and what was extrapolated.</summary>
    public sealed record ModelRun(ModelShape Shape, double DramFraction, string MethodNote);

    /// <summary>A configuration whose compute ns per weight exceeds this multiple of the median of its model's
    /// configurations is flagged (<see cref="Table3Row.ComputeOutlier"/>): the kernels stream the same kind of rows in
    /// every configuration, so such a gap points at unoptimised (JIT) code or a disturbed run.</summary>
    public const double OutlierFactor = 2;

    /// <param name="probe">The run's memory-bandwidth probe; when given, Table 3 carries compute GB/s ÷ probe GB/s.</param>
    public static (List<Table2Row> Table2, List<Table3Row> Table3) Build(IReadOnlyList<TokenRow> rows, IReadOnlyDictionary<string, ModelRun> models,
        MemoryBandwidth? probe = null)
    {
        var summaries = ConfigSummary.From(rows);
        var table2 = new List<Table2Row>();
        var table3 = new List<Table3Row>();
        foreach (var group in summaries.GroupBy(s => s.Model))
        {
            var run = models[group.Key];
            // a width-scaled shape keeps its model's paper rows beside it: the ratios to Naive are what compare (method_note says so)
            string paperModel = run.Shape.PaperName;
            var naive = group.FirstOrDefault(s => s.Config == InferenceConfig.Naive.Name());
            var paperNaive2 = PaperTables.Io(paperModel, "naive");
            var paperNaive3 = PaperTables.Cpu(paperModel, "naive");
            double medianNsPerWeight = group.Select(s => s.ComputeNsPerWeight).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Median();
            foreach (var s in group.OrderBy(s => InferenceConfigs.TryParse(s.Config, out var c) ? (int)c : 99))
            {
                int computeThreads = rows.Where(r => r.Model == s.Model && r.Config == s.Config).Select(r => r.ComputeThreads).DefaultIfEmpty(0).Max();
                double? probeGbps = s.ProbeRate?.Median ?? (probe is null || computeThreads == 0 ? null : probe.CeilingGbps(computeThreads));
                double? fraction = s.ProbeFraction?.Median ?? (probeGbps is { } p && s.ComputeGbps > 0 ? s.ComputeGbps / p : null);
                InferenceConfigs.TryParse(s.Config, out var config);
                double meanHeld = rows.Where(r => r.Model == s.Model && r.Config == s.Config && r.Phase == "steady")
                    .Select(r => (double)r.NeuronsHeld).DefaultIfEmpty(0).Average();
                long heldWeights = DramPlan.HeldWeights(run.Shape, config, run.DramFraction, meanHeld);
                var paper2 = PaperTables.Io(paperModel, s.Config);
                var paper3 = PaperTables.Cpu(paperModel, s.Config);
                table2.Add(new Table2Row
                {
                    Model = s.Model,
                    Config = s.Config,
                    PaperLabel = config.PaperLabel(),
                    Precision = s.Precision,
                    ReadMethod = s.ReadMethod,
                    Cache = s.Cache,
                    DramGb = heldWeights * 2 / 1e9,
                    FlashToDramGb = s.WeightBytesPerToken / 1e9,
                    PaddingGb = (s.BytesPerToken - s.WeightBytesPerToken) / 1e9,
                    BytesPerRead = s.BytesPerRead,
                    ThroughputGbps = s.ThroughputGbps,
                    DeviceGbps = s.DeviceGbps,
                    ControlGbps = s.Control?.Median,
                    ControlReadBytes = s.ControlReadBytes,
                    IoMs = s.Io.Mean,
                    IoSdMs = s.Io.StdDev,
                    MemoryMs = s.Memory.Mean,
                    ComputeMs = s.Compute.Mean,
                    IoRatio = naive is null ? double.NaN : s.Io.Mean / naive.Io.Mean,
                    BytesRatio = naive is null ? double.NaN : s.WeightBytesPerToken / naive.WeightBytesPerToken,
                    PaperDramGb = paper2?.DramGb,
                    PaperFlashToDramGb = paper2?.FlashToDramGb,
                    PaperThroughputGbps = paper2?.ThroughputGbps,
                    PaperIoMs = paper2?.IoLatencyMs,
                    PaperIoRatio = paper2 is null || paperNaive2 is null ? null : paper2.IoLatencyMs / paperNaive2.IoLatencyMs,
                    SteadyTokens = s.SteadyTokens,
                    LayersRun = s.LayersRun,
                    LayersModel = s.LayersModel,
                    MethodNote = run.MethodNote,
                });
                table3.Add(new Table3Row
                {
                    Model = s.Model,
                    Config = s.Config,
                    Precision = s.Precision,
                    ReadMethod = s.ReadMethod,
                    Cache = s.Cache,
                    IoMs = s.Io.Mean,
                    IoSdMs = s.Io.StdDev,
                    MemoryMs = s.Memory.Mean,
                    MemorySdMs = s.Memory.StdDev,
                    ComputeMs = s.Compute.Mean,
                    ComputeSdMs = s.Compute.StdDev,
                    TotalMs = s.Total.Mean,
                    TotalSdMs = s.Total.StdDev,
                    ColdTotalMs = s.ColdTotalMs,
                    TotalRatio = naive is null ? double.NaN : s.Total.Mean / naive.Total.Mean,
                    PaperIoMs = paper3?.IoMs,
                    PaperMemoryMs = paper3?.MemoryMs,
                    PaperComputeMs = paper3?.ComputeMs,
                    PaperTotalMs = paper3?.TotalMs,
                    PaperTotalRatio = paper3 is null || paperNaive3 is null ? null : paper3.TotalMs / paperNaive3.TotalMs,
                    PaperBackend = paper3 is null ? "" : "CPU (fp32)",
                    ComputeGbps = s.ComputeRate?.Median ?? s.ComputeGbps,
                    ComputeNsPerWeight = s.ComputeNsPerWeight,
                    ProbeGbps = probeGbps,
                    ComputeFractionOfProbe = fraction,
                    ComputeFractionLow = s.ProbeFraction?.Min,
                    ComputeFractionHigh = s.ProbeFraction?.Max,
                    ComputeOutlier = s.ComputeNsPerWeight > OutlierFactor * medianNsPerWeight,
                    SteadyTokens = s.SteadyTokens,
                    LayersRun = s.LayersRun,
                    LayersModel = s.LayersModel,
                    MethodNote = run.MethodNote,
                });
            }
        }
        return (table2, table3);
    }
}
