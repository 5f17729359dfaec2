using System.Globalization;
using System.Text;
using FlashBench.Core.Inference.Projection;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Results;
using FlashBench.Core.Sparsity;
using FlashBench.Reporting.Markdown;
using ScottPlot;

namespace FlashBench.Reporting.Charts;

/// <summary>table3.csv, table2.csv, tokens.csv, projection.csv → paper Tables 2 and 3 beside this machine's
/// figures: stacked I/O / memory / compute bars per configuration and model (paper hatched beside measured),
/// Table 2's I/O speed-ups over Naive (paired by token), latency per token over the generated sequence, the tokens/s projection and, with an
/// imported trace's hidden states, the fitted predictor's held-out precision and recall (predictor_fit.csv).</summary>
public sealed class LatencyReport(string experiment) : IExperimentReport
{
    public bool HasData(RunDirectory run) => File.Exists(run.Result(Table3Row.FileName));

    public ReportSection Build(RunDirectory run)
    {
        var table3 = CsvFiles.Read<Table3Row>(run.Result(Table3Row.FileName));
        var table2 = File.Exists(run.Result(Table2Row.FileName)) ? CsvFiles.Read<Table2Row>(run.Result(Table2Row.FileName)) : [];
        var tokens = File.Exists(run.Result(TokenRow.FileName)) ? CsvFiles.Read<TokenRow>(run.Result(TokenRow.FileName)) : [];
        var projection = File.Exists(run.Result(ProjectionRow.FileName)) ? CsvFiles.Read<ProjectionRow>(run.Result(ProjectionRow.FileName)) : [];
        var checks = File.Exists(run.Result(ProjectionCheck.FileName)) ? CsvFiles.Read<ProjectionCheck>(run.Result(ProjectionCheck.FileName)) : [];
        bool warm = table3.Any(r => r.Cache != "cold");
        var files = new List<string>();
        var md = new StringBuilder();

        md.AppendLine("Per-token latency with real reads from the weight files (page cache evicted, residency checked) and real compute; "
            + "each model is one BenchmarkDotNet case whose configurations generate the same tokens interleaved token by token (every configuration runs token t before any runs t + 1, "
            + "forward order on even tokens, reverse on odd), one iteration = a freshly generated sequence on every configuration. "
            + "Models run in a shuffled order, each engine after a warm-up that ends when no method is being compiled. "
            + "Table 3's figures are medians over steady-state tokens (after the first k, which fill the window) [interquartile range from four tokens on, else smallest–largest token]; "
            + "the parts' medians need not add up to the median total. "
            + "Ratios are Naive ÷ configuration, paired by token: the median of the per-token ratios (same iteration, same steady token, run seconds apart) [distribution-free bounds, 95 % or what the pairs allow]; "
            + "tokens measured while the device was not steady are left out. Per-token figures"
            + " are for the whole model: the LM head plus one run layer of each kind (predictor rank) weighted by the layers of that kind (see method note). "
            + "Paper: CPU rows of Table 3 (M1 Max, fp32), Table 2 (fp16).");
        md.AppendLine();

        foreach (var model in table3.GroupBy(r => r.Model))
        {
            var groups = model.Select(r => new BreakdownGroup(r.Config,
                r.PaperTotalMs is null ? null : new LatencyBreakdown(r.PaperIoMs ?? 0, r.PaperMemoryMs ?? 0, r.PaperComputeMs ?? 0),
                new LatencyBreakdown(r.IoMs, r.MemoryMs, r.ComputeMs))).ToList(); // medians over steady tokens
            var chart = BreakdownChart.Create($"Per-token latency breakdown, {model.Key} (paper CPU hatched, measured here solid)", groups);
            var saved = ChartFiles.Save(chart, run.Plot($"latency-breakdown-{model.Key}"));
            files.AddRange(saved);
            md.AppendLine(MarkdownText.Chart($"breakdown {model.Key}", run.ResultsPath, saved)).AppendLine();
        }

        var breakdown = new MarkdownTable("model", "config", "I/O ms", "memory ms", "compute ms", "total ms", "Naive ÷ config (paired by token)", "paper total ms", "paper Naive ÷ config", "cold-window total ms", "compute GB/s", "÷ probe", "read", "cache")
            .AlignRight(2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        foreach (var r in table3)
        {
            breakdown.AddRow(r.Model, r.Config, Median(r.IoMs, r.IoLowMs, r.IoHighMs), Median(r.MemoryMs, r.MemoryLowMs, r.MemoryHighMs),
                Median(r.ComputeMs, r.ComputeLowMs, r.ComputeHighMs), Median(r.TotalMs, r.TotalLowMs, r.TotalHighMs),
                PairedRatioText(r.TotalRatio, r.TotalRatioLower, r.TotalRatioUpper, r.TotalRatioOfMeans), r.PaperTotalMs is { } p ? MarkdownText.Number(p, 0) : "",
                Speedup(r.PaperTotalRatio), MarkdownText.Number(r.ColdTotalMs, 1),
                MarkdownText.Number(r.ComputeGbps, 1) + (r.ComputeOutlier ? " " + MarkdownText.Red("JIT?") : ""),
                ProbeFraction(r), r.ReadMethod,
                r.Cache == "cold" ? "cold" : MarkdownText.Red("warm"));
        }
        md.AppendLine("### Table 3 — latency breakdown per token").AppendLine().AppendLine(breakdown.ToString()).AppendLine();
        foreach (string note in table3.Select(r => $"{r.Model}: {r.MethodNote}").Distinct())
            md.AppendLine($"- {note}");
        md.AppendLine();
        if (table3.Any(r => r.ComputeFractionLow is not null))
        {
            var probes = table3.Where(r => r.ProbeGbps is not null).Select(r => r.ProbeGbps!.Value).ToList();
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"'compute GB/s' is each steady token's weights streamed by the compute kernels ÷ its compute time, the median over tokens; '÷ probe' divides each token's rate by a streaming read of memory on as many threads measured right after that token (outside its timed parts; {probes.Min():0.0}–{probes.Max():0.0} GB/s across cases): the median over tokens [smallest–largest]. 1 is the memory-bandwidth floor.")).AppendLine();
        }
        else if (table3.FirstOrDefault(r => r.ProbeGbps is not null) is { } probed)
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"'compute GB/s' is the bytes the compute kernels streamed per token ÷ compute time; '÷ probe' divides it by what a streaming read of memory reached on all cores in this run ({probed.ProbeGbps:0.0} GB/s): 1 is the memory-bandwidth floor.")).AppendLine();
        var outliers = table3.Where(r => r.ComputeOutlier).ToList();
        if (outliers.Count > 0)
            md.AppendLine(MarkdownText.Red($"{string.Join(", ", outliers.Select(r => $"{r.Model} {r.Config}"))}: more than {LatencyTables.OutlierFactor:0}× the median ns per weight of the model's configurations — compute that carried the JIT or another disturbance, not a steady figure.")).AppendLine();

        var readmeTables = new Dictionary<string, string> { [experiment] = breakdown.ToString() };
        if (table2.Count > 0)
        {
            var io = new MarkdownTable("model", "config", "DRAM GB", "flash→DRAM GB/token", "bytes/read", "GB/s", "curve GB/s", "control GB/s", "I/O ms (mean ± SD)", "Naive ÷ config I/O (paired by token)", "paper DRAM GB", "paper GB/token", "paper GB/s", "paper I/O ms", "paper Naive ÷ config")
                .AlignRight(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
            foreach (var r in table2)
            {
                io.AddRow(r.Model, r.PaperLabel, MarkdownText.Number(r.DramGb, 2), MarkdownText.Number(r.FlashToDramGb, 3), r.BytesPerRead.ToString(CultureInfo.InvariantCulture),
                    MarkdownText.Number(r.ThroughputGbps, 2), Opt(r.CurveGbps, 2), Opt(r.ControlGbps, 2), PlusMinus(r.IoMs, r.IoSdMs),
                    PairedRatioText(r.IoRatio, r.IoRatioLower, r.IoRatioUpper, r.IoRatioOfMeans),
                    Opt(r.PaperDramGb, 1), Opt(r.PaperFlashToDramGb, 1), Opt(r.PaperThroughputGbps, 2), Opt(r.PaperIoMs, 0), Speedup(r.PaperIoRatio));
            }
            md.AppendLine("### Table 2 — I/O per token").AppendLine().AppendLine(io.ToString()).AppendLine();
            readmeTables["table2"] = io.ToString();
            md.AppendLine("'Naive ÷ config I/O' is paired by token: each steady token's Naive I/O ÷ the same token's I/O under the configuration, generated seconds apart, the median over pairs [distribution-free bounds]; "
                + "a ratio marked 'unpaired' comes from an older run and divides the means. ");
            md.AppendLine("'curve GB/s' is the cold random-read throughput of the throughput experiment at the same read size; a row well above it was served by a cache below this VM, not by flash. "
                + "'control GB/s' is the I/O control read right after the case (its mean read size, the loaders' method and threads, fresh offsets of the throughput test file): what random reads got at that moment.").AppendLine();
            if (MethodsTable(table2) is { } methods)
            {
                md.AppendLine("### Table 2 — I/O by read method").AppendLine().AppendLine(methods).AppendLine();
                md.AppendLine("Both methods ran in the same run, their engines interleaved token by token; the ratio is paired by token (median [distribution-free bounds]), above 1 the second method reads faster. "
                    + "'÷ control' is the device GB/s ÷ the I/O control read right after the case with the same method and reads in flight (io_uring: one ring of the threads' depth) at the case's mean read size: the share of the raw random-read rate the loader reached.").AppendLine();
                readmeTables["table2-methods"] = methods;
            }
            foreach (var warning in table2.SelectMany(r => r.MethodNote.Split("; ")).Where(n => n.StartsWith("WARNING", StringComparison.Ordinal)).Distinct())
                md.AppendLine($"- {MarkdownText.Red(warning)}");
            md.AppendLine();
            var ratioRows = table2.Where(r => r.Model == table2[0].Model).ToList();
            var ratio = PaperVsMeasuredChart.Create($"I/O speed-up over Naive, {ratioRows[0].Model} (Table 2; measured: paired by token)", "Naive's I/O ÷ the configuration's (×)",
                ratioRows.Select(r => new PaperVsMeasured(r.PaperLabel, Inverse(r.PaperIoRatio), r.IoRatio ?? Inverse(r.IoRatioOfMeans))).ToList());
            var saved = ChartFiles.Save(ratio, run.Plot("latency-table2-ratio"));
            files.AddRange(saved);
            md.AppendLine(MarkdownText.Chart("Table 2 ratios", run.ResultsPath, saved)).AppendLine();
        }

        foreach (var model in tokens.GroupBy(r => r.Model))
        {
            var saved = ChartFiles.Save(PerTokenChart(model.Key, model.ToList()), run.Plot($"latency-per-token-{model.Key}"));
            files.AddRange(saved);
            md.AppendLine(MarkdownText.Chart($"latency per token {model.Key}", run.ResultsPath, saved)).AppendLine();
        }

        if (projection.Count > 0)
            md.Append(ProjectionMarkdown(projection));
        if (checks.Count > 0)
            md.Append(SelfCheckMarkdown(checks));

        if (File.Exists(run.Result(PredictorFitRow.FileName)))
            md.Append(PredictorFitMarkdown(CsvFiles.Read<PredictorFitRow>(run.Result(PredictorFitRow.FileName))));

        return new ReportSection("Per-token latency from flash (Tables 2 and 3)", md.ToString(), files, warm, readmeTables);
    }

    /// <summary>Total ms per token (whole model, extrapolated) over the generated sequence, one line per configuration.</summary>
    private static Plot PerTokenChart(string model, IReadOnlyList<TokenRow> rows)
    {
        var plot = ChartStyle.NewPlot($"Latency per generated token, {model}", "token index", "per-token latency (ms)");
        int series = 0;
        foreach (var config in rows.GroupBy(r => r.Config))
        {
            var perToken = config.GroupBy(r => r.Token).OrderBy(g => g.Key)
                .Select(g => (Token: (double)g.Key, Ms: g.GroupBy(r => r.Iteration).Average(i => i.Sum(r => r.TotalMs * r.Weight))))
                .ToList();
            var line = plot.Add.Scatter(perToken.Select(p => p.Token).ToArray(), perToken.Select(p => p.Ms).ToArray(), ChartStyle.SeriesColor(series++));
            line.LegendText = config.Key;
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }
        int window = rows[0].Window;
        var boundary = plot.Add.VerticalLine(window - 0.5);
        boundary.LinePattern = LinePattern.Dashed;
        boundary.Color = Colors.Gray;
        boundary.LegendText = $"end of cold window (k = {window})";
        ChartStyle.LegendOutside(plot);
        ChartStyle.StartValueAxisAtZero(plot);
        return plot;
    }

    private static string ProjectionMarkdown(IReadOnlyList<ProjectionRow> rows)
    {
        var md = new StringBuilder();
        md.AppendLine("### Tokens/s projection for this machine").AppendLine();
        md.AppendLine("I/O from the median random-read curve at the loaders' thread count, compute from this run's measured rates (fp16 in the engine; int8 by its measured kernel's rate; precisions without a kernel are not measured, so their compute and total are blank). 'all' = predictor + window + bundling with the paper's DRAM budget; 'resident' = whole model in DRAM.").AppendLine();
        var table = new MarkdownTable("model", "precision", "config", "model GB", "flash GB/token", "I/O ms", "compute ms", "total ms", "tokens/s", "≥ 30 tok/s")
            .AlignRight(3, 4, 5, 6, 7, 8);
        foreach (var r in rows.Where(r => r.Config is "naive" or "all" or "resident"))
        {
            table.AddRow(r.Model, r.Precision, r.Config, MarkdownText.Number(r.ModelGb, 2), MarkdownText.Number(r.FlashGbPerToken, 3),
                MarkdownText.Number(r.IoMs, 1), r.ComputeMeasured ? MarkdownText.Number(r.ComputeMs, 1) : "not measured",
                r.ComputeMeasured ? MarkdownText.Number(r.TotalMs, 1) : "", r.ComputeMeasured ? MarkdownText.Number(r.TokensPerSecond, 1) : "",
                r.ComputeMeasured ? (r.Reaches30 ? "yes" : "no") : "");
        }
        md.AppendLine(table.ToString()).AppendLine();
        foreach (var basis in rows.Select(r => (r.Measured, r.Assumed)).Distinct())
            md.AppendLine($"- measured: {basis.Measured}; assumed: {basis.Assumed}");
        md.AppendLine();
        return md.ToString();
    }

    /// <summary>projection_check.csv: the projection run on this run's own shapes and rates beside its Table 3, its I/O
    /// at the case's own read throughput (the arithmetic), at the projection's curve and at the control read beside the
    /// case (predictions).</summary>
    private static string SelfCheckMarkdown(IReadOnlyList<ProjectionCheck> checks)
    {
        var md = new StringBuilder();
        md.AppendLine("### Projection self-check").AppendLine();
        List<ProjectionCheck> Basis(string basis) => checks.Where(c => c.IoBasis == basis).ToList();
        var own = Basis(ProjectionCheck.CaseBasis);
        var curve = Basis(ProjectionCheck.CurveBasis);
        var control = Basis(ProjectionCheck.ControlBasis);
        static string Count(List<ProjectionCheck> rows) => $"{rows.Count(c => c.WithinTolerance)} of {rows.Count}";
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"The projection's formulas on this run's own shapes at fp16, beside the measured Table 3 rows (±{ProjectionCheck.Tolerance:P0} asked). "
            + $"With each case's own read throughput, which checks the projection's bytes, reads, compute and memory per token: {Count(own)} rows within. "
            + $"With the throughput curve the projection uses, as for a shape the run did not measure: {Count(curve)}. "
            + $"With the I/O control read right after each case: {Count(control)}. The last two also carry how far the disk moved between the case and what its I/O is projected from."))
            .AppendLine();
        var table = new MarkdownTable("model", "config", "measured ms", "ratio, case's I/O", "ratio, curve's I/O", "ratio, control's I/O")
            .AlignRight(2, 3, 4, 5);
        foreach (var c in own)
        {
            string Paired(List<ProjectionCheck> rows) => rows.FirstOrDefault(p => p.Model == c.Model && p.Config == c.Config) is { } p ? Ratio(p) : "";
            table.AddRow(c.Model, c.Config, MarkdownText.Number(c.MeasuredTotalMs, 1), Ratio(c), Paired(curve), Paired(control));
        }
        md.AppendLine(table.ToString()).AppendLine();
        return md.ToString();

        static string Ratio(ProjectionCheck c) => c.WithinTolerance ? MarkdownText.Number(c.Ratio, 3) : MarkdownText.Red(MarkdownText.Number(c.Ratio, 3));
    }

    /// <summary>predictor_fit.csv: the §3.1 predictor fitted on the imported trace's hidden states, held-out quality per layer.</summary>
    private static string PredictorFitMarkdown(IReadOnlyList<PredictorFitRow> rows)
    {
        var md = new StringBuilder();
        md.AppendLine("### Low-rank predictor fitted on the trace's hidden states (§3.1)").AppendLine();
        if (rows.Count == 0)
            return md.AppendLine("predictor_fit.csv has no rows.").AppendLine().ToString();
        var paper = new SyntheticTraceOptions();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Fitted per layer on the first {rows[0].TrainTokens} tokens, evaluated on the last {rows[0].TestTokens} ({rows[0].Method}; trace {rows[0].Source}). "
            + $"Paper (OPT 6.7B, §3.1): about {paper.FalseNegativeRate:0%} false negatives (recall ≈ {1 - paper.FalseNegativeRate:0.00}) at about {paper.OverPrediction:0}× over-prediction."))
            .AppendLine();
        var table = new MarkdownTable("model", "layer", "rank", "train tokens", "test tokens", "precision", "recall", "false negatives", "over-prediction")
            .AlignRight(1, 2, 3, 4, 5, 6, 7, 8);
        foreach (var r in rows)
        {
            string rank = r.Rank < r.RequestedRank
                ? string.Create(CultureInfo.InvariantCulture, $"{r.Rank} (capped from {r.RequestedRank})")
                : r.Rank.ToString(CultureInfo.InvariantCulture);
            table.AddRow(r.Model, r.Layer.ToString(CultureInfo.InvariantCulture), rank, r.TrainTokens.ToString(CultureInfo.InvariantCulture),
                r.TestTokens.ToString(CultureInfo.InvariantCulture), MarkdownText.Number(r.Precision, 3), MarkdownText.Number(r.Recall, 3),
                MarkdownText.Number(100 * (1 - r.Recall), 1) + " %", MarkdownText.Number(r.OverPrediction, 2) + "×");
        }
        md.AppendLine(table.ToString()).AppendLine();
        return md.ToString();
    }

    private static string PlusMinus(double mean, double sd) => $"{MarkdownText.Number(mean, 1)} ± {MarkdownText.Number(sd, 1)}";

    /// <summary>"10542.7 [9871.0–11020.3]": a median over steady tokens and its spread (older files: the mean alone).</summary>
    private static string Median(double median, double? low, double? high) => low is { } l && high is { } h
        ? $"{MarkdownText.Number(median, 1)} [{MarkdownText.Number(l, 1)}–{MarkdownText.Number(h, 1)}]"
        : MarkdownText.Number(median, 1);

    /// <summary>"25.1× [23.0–27.4]" from the paired ratio; an older file's ratio of means (this ÷ Naive) inverted and marked unpaired.</summary>
    /// <summary>The I/O of Table 2's rows under both read methods of a run that measured two (alt_ columns), side by
    /// side; null when the run read one way.</summary>
    internal static string? MethodsTable(IReadOnlyList<Table2Row> table2)
    {
        var rows = table2.Where(r => r.AltReadMethod != "").ToList();
        if (rows.Count == 0)
            return null;
        string first = rows[0].ReadMethod, second = rows[0].AltReadMethod;
        var table = new MarkdownTable("model", "config", "bytes/read", $"{first} I/O ms", $"{second} I/O ms", $"{first} ÷ {second} I/O (paired by token)",
                $"{first} GB/s ÷ control", $"{second} GB/s ÷ control")
            .AlignRight(2, 3, 4, 5, 6, 7);
        foreach (var r in rows)
        {
            table.AddRow(r.Model, r.PaperLabel, r.BytesPerRead.ToString(CultureInfo.InvariantCulture), MarkdownText.Number(r.IoMs, 1), Opt(r.AltIoMs, 1),
                r.AltIoRatio is { } m ? $"{MarkdownText.Number(m, 2)}× [{MarkdownText.Number(r.AltIoRatioLower ?? m, 2)}–{MarkdownText.Number(r.AltIoRatioUpper ?? m, 2)}], {r.AltIoRatioPairs} pairs" : "",
                Opt(r.DeviceOverControl, 2), Opt(r.AltDeviceOverControl, 2));
        }
        return table.ToString();
    }

    private static string PairedRatioText(double? median, double? lower, double? upper, double ratioOfMeansToNaive) => median switch
    {
        { } m => $"{MarkdownText.Number(m, 1)}× [{MarkdownText.Number(lower ?? m, 1)}–{MarkdownText.Number(upper ?? m, 1)}]",
        _ when Inverse(ratioOfMeansToNaive) is { } inverse => $"{MarkdownText.Number(inverse, 1)}× (unpaired)",
        _ => "",
    };

    private static string Speedup(double? ratioToNaive) => Inverse(ratioToNaive) is { } v ? $"{MarkdownText.Number(v, 1)}×" : "";

    private static double? Inverse(double? ratioToNaive) => ratioToNaive is { } r && r > 0 && double.IsFinite(r) ? 1 / r : null;

    private static string Opt(double? value, int decimals) => value is { } v ? MarkdownText.Number(v, decimals) : "";

    private static string ProbeFraction(Table3Row row) => row switch
    {
        { ComputeFractionOfProbe: null } => "",
        { ComputeFractionLow: { } low, ComputeFractionHigh: { } high } =>
            $"{MarkdownText.Number(row.ComputeFractionOfProbe.Value, 2)} [{MarkdownText.Number(low, 2)}–{MarkdownText.Number(high, 2)}]",
        _ => MarkdownText.Number(row.ComputeFractionOfProbe.Value, 2),
    };
}
