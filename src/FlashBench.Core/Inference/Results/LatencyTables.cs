using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Machine;
using MathNet.Numerics.Statistics;
using FlashBench.Core.Models;
using FlashBench.Core.Results;
using FlashBench.Core.Throughput.Summaries;

namespace FlashBench.Core.Inference.Results;

/// <summary>Builds table2.csv and table3.csv rows from tokens.csv rows: one row per model × configuration,
/// measured figures, the paper's where it has them, and ratios to Naive (this disk is not an M1 Max SSD, so
/// the ratios are what carries over), paired by token (<see cref="PairedTokens"/>). Rows whose device state does not
/// count (<see cref="DeviceStates.Counts"/>) are left out of both tables.</summary>
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
    /// <param name="primaryMethod">With rows of several read methods (latency --method A,B): the one the tables are of
    /// (default: the first row's); the first other method's I/O stands beside it in Table 2 (the alt_ columns), paired by token.</param>
    public static (List<Table2Row> Table2, List<Table3Row> Table3) Build(IReadOnlyList<TokenRow> rows, IReadOnlyDictionary<string, ModelRun> models,
        MemoryBandwidth? probe = null, string? primaryMethod = null)
    {
        rows = Counting(rows);
        var methods = rows.Select(r => r.ReadMethod).Distinct().ToList();
        string? primary = primaryMethod ?? methods.FirstOrDefault();
        string? alternative = methods.FirstOrDefault(m => m != primary);
        IReadOnlyList<TokenRow> altRows = alternative is null ? [] : rows.Where(r => r.ReadMethod == alternative).ToList();
        if (alternative is not null)
            rows = rows.Where(r => r.ReadMethod == primary).ToList();
        var altSummaries = ConfigSummary.From(altRows).ToDictionary(s => (s.Model, s.Config));
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
                var ioRatio = PairedTokens.NaiveOver(rows, s.Model, s.Config, r => r.IoMs);
                var totalRatio = PairedTokens.NaiveOver(rows, s.Model, s.Config, r => r.TotalMs);
                var alt = altSummaries.GetValueOrDefault((s.Model, s.Config));
                var altRatio = alt is null ? null : PairedTokens.Over(rows, altRows, s.Model, s.Config, r => r.IoMs);
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
                    IoRatioOfMeans = naive is null ? double.NaN : s.Io.Mean / naive.Io.Mean,
                    IoRatio = ioRatio?.Median,
                    IoRatioLower = ioRatio?.Lower,
                    IoRatioUpper = ioRatio?.Upper,
                    IoRatioPairs = ioRatio?.Pairs,
                    IoRatioConfidence = ioRatio?.Confidence,
                    BytesRatio = naive is null ? double.NaN : s.WeightBytesPerToken / naive.WeightBytesPerToken,
                    PaperDramGb = paper2?.DramGb,
                    PaperFlashToDramGb = paper2?.FlashToDramGb,
                    PaperThroughputGbps = paper2?.ThroughputGbps,
                    PaperIoMs = paper2?.IoLatencyMs,
                    PaperIoRatio = paper2 is null || paperNaive2 is null ? null : paper2.IoLatencyMs / paperNaive2.IoLatencyMs,
                    SteadyTokens = s.SteadyTokens,
                    LayersRun = s.LayersRun,
                    LayersModel = s.LayersModel,
                    AltReadMethod = alt?.ReadMethod ?? "",
                    AltIoMs = alt?.Io.Mean,
                    AltDeviceGbps = alt?.DeviceGbps,
                    AltControlGbps = alt?.Control?.Median,
                    AltIoRatio = altRatio?.Median,
                    AltIoRatioLower = altRatio?.Lower,
                    AltIoRatioUpper = altRatio?.Upper,
                    AltIoRatioPairs = altRatio?.Pairs,
                    MethodNote = run.MethodNote,
                });
                table3.Add(new Table3Row
                {
                    Model = s.Model,
                    Config = s.Config,
                    Precision = s.Precision,
                    ReadMethod = s.ReadMethod,
                    Cache = s.Cache,
                    IoMs = s.IoSpread.Median,
                    IoLowMs = Low(s.IoSpread),
                    IoHighMs = High(s.IoSpread),
                    MemoryMs = s.MemorySpread.Median,
                    MemoryLowMs = Low(s.MemorySpread),
                    MemoryHighMs = High(s.MemorySpread),
                    ComputeMs = s.ComputeSpread.Median,
                    ComputeLowMs = Low(s.ComputeSpread),
                    ComputeHighMs = High(s.ComputeSpread),
                    TotalMs = s.TotalSpread.Median,
                    TotalLowMs = Low(s.TotalSpread),
                    TotalHighMs = High(s.TotalSpread),
                    SpreadKind = s.TotalSpread.LowerQuartile is null ? Table3Row.Range : Table3Row.Quartiles,
                    IoMeanMs = s.Io.Mean,
                    MemoryMeanMs = s.Memory.Mean,
                    ComputeMeanMs = s.Compute.Mean,
                    TotalMeanMs = s.Total.Mean,
                    ColdTotalMs = s.ColdTotalMs,
                    TotalRatioOfMeans = naive is null ? double.NaN : s.Total.Mean / naive.Total.Mean,
                    TotalRatio = totalRatio?.Median,
                    TotalRatioLower = totalRatio?.Lower,
                    TotalRatioUpper = totalRatio?.Upper,
                    TotalRatioPairs = totalRatio?.Pairs,
                    TotalRatioConfidence = totalRatio?.Confidence,
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

    /// <summary>The rows whose case measurement counts (<see cref="DeviceStates.Counts"/>): what Tables 2 and 3, the
    /// projection and its self-check are built from.</summary>
    public static IReadOnlyList<TokenRow> Counting(IReadOnlyList<TokenRow> rows) =>
        rows.All(r => DeviceStates.Counts(r.DeviceState)) ? rows : rows.Where(r => DeviceStates.Counts(r.DeviceState)).ToList();

    // the interquartile range once there are enough tokens (Spread), else the smallest and largest token
    private static double Low(Spread spread) => spread.LowerQuartile ?? spread.Min;

    private static double High(Spread spread) => spread.UpperQuartile ?? spread.Max;
}
