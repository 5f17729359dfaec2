using System.Globalization;
using FlashBench.Bench.Cli;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Predictor;
using FlashBench.Core.Inference.Projection;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Inference.Weights;
using FlashBench.Core.Machine;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Sparsity;
using FlashBench.Core.Weights;
using FlashBench.Reporting;
using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.Charts;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>`latency`: per-token inference from flash with real reads and compute (paper Tables 2 and 3): one case per
/// model × configuration, one iteration = T generated tokens, cache cold. Writes tokens.csv (after every case),
/// table2.csv, table3.csv, projection.csv, io_curve.csv, predictor.csv, predictor_fit.csv (imported trace with hidden
/// states) and its run.json section.</summary>
public sealed class LatencyExperiment : Experiment<LatencyOptions>
{
    public override string Name => "latency";

    public override string Description =>
        "Per-token latency from flash with real reads and compute: Naive, Hybrid, +Predictor, +Windowing, All (paper Tables 2 and 3)";

    public override int Order => 30;

    public override Type RowType => typeof(TokenRow);

    public override string CsvFileName => TokenRow.FileName;

    public override Type BenchmarkType => typeof(TokenLatencyBenchmark);

    public override IReadOnlyList<IExperimentReport> Reports => [new LatencyReport(Name)];

    public override IReadOnlyList<IComparisonDescriptor> Comparisons =>
    [
        ComparisonDescriptor.For<TokenRow>(Name, CsvFileName)
            .Keys(r => r.Model, r => r.Config, r => r.Precision)
            .Samples(r => r.Iteration, r => r.Token)
            .SumPerSample() // one row per layer: a token's latency is the sum over its layers
            .Metric(r => r.TotalMs, MetricDirection.LowerIsBetter)
            .ExcludeWhen(r => r.Phase == LatencyRows.ColdPhase)
            .Family(r => $"{Name} {r.Config}")
            .Build(),
    ];

    public override LatencyOptions Defaults(Profile profile, string dataDirectory) => LatencyOptions.ForProfile(profile, dataDirectory);

    protected override IOptionBinder<LatencyOptions> CreateBinder() => new LatencyOptions.Binder();

    public override Action<ExperimentContext> Prepare(LatencyOptions options)
    {
        options.Validate();
        return context => Measure(options, context);
    }

    private void Measure(LatencyOptions options, ExperimentContext context)
    {
        var run = context.Run;
        var cancellation = context.Cancellation;
        var cases = new List<LatencyCase>();
        var predictorRows = new List<PredictorRow>();
        List<PredictorFitRow>? fitRows = null;
        var models = new Dictionary<string, LatencyTables.ModelRun>();
        var shapes = new Dictionary<string, ModelShape>();
        ReadMethod? method = options.Method;
        foreach (var model in options.Models)
        {
            var shape = options.RunShape(model);
            var layers = LatencyOptions.SampleLayers(shape.Layers, options.LayerSample);
            int window = options.WindowFor(shape);
            // the sparse branch's files and trace cover the run's layers only: a copy of the shape with that many
            // layers, whose activity profile samples the full model's depths evenly (first and last included)
            var fileShape = shape.WithLayers(layers.Count);
            ActivationTrace trace;
            if (options.TracePath is null)
            {
                trace = SyntheticTraceGenerator.Generate(fileShape, new SyntheticTraceOptions { Tokens = options.Tokens });
            }
            else
            {
                var (full, traceLayers) = ImportedTrace(options.TracePath, shape, layers, options.Tokens);
                fitRows = FitPredictor(options.TracePath, full, shape, traceLayers, layers, cancellation);
                trace = TraceSlice.Select(full, traceLayers, options.Tokens);
            }
            Console.WriteLine($"{shape.Name}: layers {string.Join(',', layers)} of {shape.Layers}; weight files in {options.DataDirectory}");
            var attention = AttentionFile.Ensure(options.DataDirectory, shape, layers, SyntheticModel.DefaultSeed);
            var separate = WeightFileGenerator.Ensure(options.DataDirectory, fileShape, Precision.Fp16, WeightLayout.Separate);
            var bundled = WeightFileGenerator.Ensure(options.DataDirectory, fileShape, Precision.Fp16, WeightLayout.Bundled);
            method ??= DirectIoProbe.Check(separate.Path).Supported ? ReadMethod.Direct : ReadMethod.Buffered;
            models[shape.Name] = new LatencyTables.ModelRun(shape, options.DramFor(shape), Note(options, shape, layers, trace.Source));
            shapes[shape.Name] = shape;
            predictorRows.AddRange(PredictorRow.FromTrace(shape.Name, shape, layers, trace, options.Tokens));
            foreach (var config in options.Configs)
            {
                cases.Add(new LatencyCase(shape.Name, new EngineSetup
                {
                    Shape = shape, Layers = layers, Config = config, Window = window, DramFraction = options.DramFor(shape),
                    Tokens = options.Tokens, Trace = trace, AttentionFile = attention, SeparateFile = separate, BundledFile = bundled,
                    Method = method.Value, Threads = options.Threads,
                }));
            }
        }
        CsvFiles.Write(run.Result(PredictorRow.FileName), predictorRows);
        if (fitRows is not null)
            CsvFiles.Write(run.Result(PredictorFitRow.FileName), fitRows);
        var readMethod = method!.Value;
        if (!readMethod.BypassesPageCache())
            Console.WriteLine($"O_DIRECT refused here: reading with {readMethod.Name()}, weight files evicted before every token");

        var plan = new LatencyPlan(cases, options.Iterations, options.Warmups);
        RecordRunInfo(options, context, cases, readMethod);
        WarmUp(options, readMethod);
        Console.WriteLine($"measuring {cases.Count} cases × {options.Iterations} iteration(s) of {options.Tokens} tokens ({readMethod.Name()}, {options.Threads} reader threads)");
        var rows = context.Measure<LatencyPlan, TokenRow>(this, plan);
        var (table2, table3) = LatencyTables.Build(rows, models);
        CsvFiles.Write(run.Result(Table2Row.FileName), table2);
        CsvFiles.Write(run.Result(Table3Row.FileName), table3);
        WriteProjection(options, context, rows, shapes, table2, readMethod);
        PrintTable3(table3);
    }

    /// <summary>Runs every configuration on the tiny shape first, so that the kernels are jitted (and promoted to
    /// optimised code) before the first measured case; otherwise the first case's compute would carry the JIT.</summary>
    private static void WarmUp(LatencyOptions options, ReadMethod method)
    {
        var tiny = ModelShapes.Tiny;
        var layers = LatencyOptions.SampleLayers(tiny.Layers, 2);
        var fileShape = tiny.WithLayers(layers.Count);
        const int tokens = 8;
        var trace = SyntheticTraceGenerator.Generate(fileShape, new SyntheticTraceOptions { Tokens = tokens });
        var attention = AttentionFile.Ensure(options.DataDirectory, tiny, layers, SyntheticModel.DefaultSeed);
        var separate = WeightFileGenerator.Ensure(options.DataDirectory, fileShape, Precision.Fp16, WeightLayout.Separate);
        var bundled = WeightFileGenerator.Ensure(options.DataDirectory, fileShape, Precision.Fp16, WeightLayout.Bundled);
        foreach (var config in InferenceConfigs.All)
        {
            using var engine = new TokenEngine(new EngineSetup
            {
                Shape = tiny, Layers = layers, Config = config, Window = tiny.PaperWindow, DramFraction = tiny.PaperDramFraction,
                Tokens = tokens, Trace = trace, AttentionFile = attention, SeparateFile = separate, BundledFile = bundled,
                Method = method, Threads = 4,
            });
            for (int i = 0; i < 4; i++)
                engine.Generate();
        }
    }

    /// <summary>A real trace in the sparse branch's format: it must cover the model's layers (or just the run's) and d_ff.
    /// Returns the whole trace and, for each run layer, its layer index in the trace.</summary>
    private static (ActivationTrace Trace, IReadOnlyList<int> TraceLayers) ImportedTrace(string path, ModelShape shape, IReadOnlyList<int> layers, int tokens)
    {
        var trace = TraceFile.Read(path);
        if (trace.NeuronsPerLayer != shape.DFf)
            throw new UsageException($"--trace: {path} has {trace.NeuronsPerLayer} neurons per layer, {shape.Name} has d_ff {shape.DFf}");
        if (trace.Tokens < tokens)
            throw new UsageException($"--trace: {path} has {trace.Tokens} tokens, --tokens asks for {tokens}");
        if (trace.Layers == shape.Layers)
            return (trace, layers);
        if (trace.Layers == layers.Count)
            return (trace, Enumerable.Range(0, layers.Count).ToList());
        throw new UsageException($"--trace: {path} has {trace.Layers} layers; {shape.Name} has {shape.Layers} (or give one line per run layer: {layers.Count})");
    }

    /// <summary>Fits the §3.1 predictor of every run layer on the trace's hidden states (TRACE.hidden), all of the
    /// trace's tokens, not just the run's; null (and one line saying why) when there is no hidden-state file.</summary>
    private static List<PredictorFitRow>? FitPredictor(string tracePath, ActivationTrace trace, ModelShape shape,
        IReadOnlyList<int> traceLayers, IReadOnlyList<int> modelLayers, CancellationToken cancellation)
    {
        string hiddenPath = HiddenStateFile.PathFor(tracePath);
        if (!File.Exists(hiddenPath))
        {
            Console.WriteLine($"predictor fit skipped: no hidden states next to the trace ({hiddenPath} not found; format in docs/trace-format.md)");
            return null;
        }
        TracePredictorFit.CheckMatches(HiddenStateFile.ReadHeader(hiddenPath), Path.GetFileName(hiddenPath), trace, shape.DModel);
        var hidden = HiddenStateFile.Read(hiddenPath, traceLayers);
        var (train, test) = TracePredictorFit.Split(trace.Tokens);
        Console.WriteLine($"fitting the predictor on {Path.GetFileName(hiddenPath)}: {train} tokens to train, {test} held out, {modelLayers.Count} layer(s)");
        if (train <= hidden.DModel)
            Console.WriteLine($"  note: {train} training tokens ≤ d_model {hidden.DModel}: minimum-norm least squares, expect weak held-out quality (record more tokens)");
        var rows = new List<PredictorFitRow>();
        foreach (var fit in TracePredictorFit.Fit(trace, hidden, shape, traceLayers, modelLayers))
        {
            string capped = fit.RankCapped ? $" (rank {fit.RequestedRank} capped at min(d_model, d_ff, train tokens − 1))" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  predictor layer {fit.Layer}: rank {fit.Rank}{capped}  precision {fit.Quality.Precision:0.000}  recall {fit.Quality.Recall:0.000}  over-prediction {fit.Quality.OverPrediction:0.00}x"));
            rows.Add(PredictorFitRow.From(shape.Name, fit, trace.Source));
            cancellation.ThrowIfCancellationRequested();
        }
        return rows;
    }

    private static string Note(LatencyOptions options, ModelShape shape, IReadOnlyList<int> layers, string traceSource)
    {
        string measured = layers.Count == shape.Layers
            ? $"all {shape.Layers} layers measured"
            : $"measured on {layers.Count} of {shape.Layers} layers ({string.Join(' ', layers)}); per-token figures extrapolated ×{shape.Layers}/{layers.Count}";
        string scaled = shape.ScaledFrom is null
            ? "real per-layer shape"
            : $"SCALED shape (d_model {shape.DModel}, d_ff {shape.DFf} = 1/{options.WidthDivisor} of {shape.ScaledFrom}): compare ratios, not absolute ms";
        return $"{scaled}; {measured}; synthetic fp16 weights, fp32 accumulation, single compute thread; trace {traceSource}{(options.TracePath is null ? " (sparse branch synthetic, calibrated to OPT 6.7B §3.1)" : " (imported)")}";
    }

    private static void WriteProjection(LatencyOptions options, ExperimentContext context, IReadOnlyList<TokenRow> rows, IReadOnlyDictionary<string, ModelShape> shapes,
        IReadOnlyList<Table2Row> table2, ReadMethod method)
    {
        var run = context.Run;
        MeasuredRates rates;
        try
        {
            rates = MeasuredRates.From(rows, shapes);
        }
        catch (InvalidOperationException e)
        {
            Console.WriteLine($"projection skipped: {e.Message}");
            return;
        }
        bool measure = context.Profile != Profile.Quick;
        var curve = IoCurveSource.Load(run, method, measure, options.DataDirectory, table2, context.Cancellation);
        if (measure || File.Exists(run.Result(ThroughputRow.FileName)))
            CheckAgainstCurve(run, table2, curve);
        CsvFiles.Write(run.Result(IoCurvePoint.FileName), curve.Points.Select(p => new IoCurvePoint { ChunkBytes = p.ChunkBytes, ThroughputGbps = p.Gbps, Source = curve.Source }));
        var projection = TokensPerSecondProjection.Project([.. ModelShapes.PaperModels, TokensPerSecondProjection.Apple3B],
            [Precision.Fp16, Precision.Int8, Precision.Int4, Precision.Palettized3_5], curve, rates).ToList();
        CsvFiles.Write(run.Result(ProjectionRow.FileName), projection);
        foreach (var row in projection.Where(r => r.Model == TokensPerSecondProjection.Apple3B.Name && r.Precision == Precision.Palettized3_5.Name))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  projection {row.Model} {row.Precision} {row.Config,-8} {row.TotalMs,8:0.0} ms/token  {row.TokensPerSecond,6:0.0} tok/s{(row.Reaches30 ? "  ≥ 30" : "")}"));
        }
    }

    /// <summary>Flags rows whose effective throughput beats the cold random-read curve at the same read size by
    /// more than half: O_DIRECT bypasses this machine's page cache, but on a virtual disk a cache below it
    /// (the hypervisor's) can still serve regions that are re-read every token; such a row is not a flash figure.</summary>
    private static void CheckAgainstCurve(RunDirectory run, IReadOnlyList<Table2Row> table2, IoCurve curve)
    {
        foreach (var row in table2)
        {
            row.CurveGbps = curve.ThroughputGbps(row.BytesPerRead);
            if (row.ThroughputGbps > 1.5 * row.CurveGbps)
            {
                row.MethodNote += string.Create(CultureInfo.InvariantCulture,
                    $"; WARNING {row.Config}: {row.ThroughputGbps:0.00} GB/s exceeds the cold random-read curve ({row.CurveGbps:0.00} GB/s at {row.BytesPerRead} B) — re-read data likely served by a cache below the VM, not flash");
                Console.WriteLine($"  warning: {row.Model}/{row.Config} reads faster than the cold curve (likely a host-side cache); flagged in table2.csv");
            }
        }
        CsvFiles.Write(run.Result(Table2Row.FileName), table2);
    }

    private void RecordRunInfo(LatencyOptions options, ExperimentContext context, IReadOnlyList<LatencyCase> cases, ReadMethod method)
    {
        var first = cases[0].Setup;
        context.Record(this, new
        {
            models = cases.Select(c => c.Model).Distinct(),
            configs = options.Configs.Select(c => c.Name()),
            tokens = options.Tokens,
            iterations = options.Iterations,
            warmups = options.Warmups,
            layer_sample = options.LayerSample,
            width_divisor = options.WidthDivisor,
            dram_fraction = options.DramFraction,
            read_method = method.Name(),
            read_path = method.Describe(),
            reader_threads = options.Threads,
            dense_chunk_bytes = first.DenseChunkBytes,
            storage = StorageInfo.For(first.SeparateFile.Path),
            weight_files = cases.SelectMany(c => c.Setup.Files).Distinct(),
            trace = cases.Select(c => c.Setup.Trace.Source).Distinct(),
            compute = "single thread, fp16 weights widened to fp32 per row (System.Numerics.Tensors), fp32 accumulation",
        });
    }

    private static void PrintTable3(IReadOnlyList<Table3Row> table3)
    {
        Console.WriteLine("model                 config      I/O ms   mem ms  comp ms  total ms  ratio  | paper total  ratio");
        foreach (var r in table3)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Model,-21} {r.Config,-10} {r.IoMs,8:0.0} {r.MemoryMs,8:0.0} {r.ComputeMs,8:0.0} {r.TotalMs,9:0.0} {r.TotalRatio,6:0.000} | {r.PaperTotalMs,11:0} {r.PaperTotalRatio,6:0.000}"));
        }
    }
}
