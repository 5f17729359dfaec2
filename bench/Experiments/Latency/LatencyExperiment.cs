using System.Globalization;
using FlashBench.Bench.Cli;
using FlashBench.Bench.Experiments.Throughput;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Kernels;
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
using FlashBench.Core.Storage;
using FlashBench.Core.Weights;
using FlashBench.Reporting;
using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.Charts;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>`latency`: per-token inference from flash with real reads and compute (paper Tables 2 and 3): one case per
/// model, one iteration = T generated tokens on every configuration, interleaved token by token, cache cold. Writes tokens.csv (after every case),
/// table2.csv, table3.csv, projection.csv, projection_check.csv, io_curve.csv, predictor.csv, predictor_fit.csv (imported trace with hidden
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
            .Keys(r => r.Model, r => r.Config, r => r.Precision, r => r.ReadMethod)
            .Samples(r => r.Iteration, r => r.Token)
            .SumPerSample() // one row per layer: a token's latency is the sum over its layers
            .Metric(r => r.TotalMs, MetricDirection.LowerIsBetter)
            .ExcludeWhen(r => r.Phase == TokenRow.ColdPhase)
            .Family(r => $"{Name} {r.Config}")
            .Build(),
    ];

    public override LatencyOptions Defaults(Profile profile, string dataDirectory) => LatencyOptions.ForProfile(profile, dataDirectory);

    protected override IOptionBinder<LatencyOptions> CreateBinder() => new LatencyOptions.Binder();

    public override IReadOnlyList<DataFile> DataFiles(LatencyOptions options) => LatencyDataFiles.For(options);

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
        IReadOnlyList<ReadMethod>? methods = null;
        var probe = MemoryBandwidthProbe.Measure(context.Profile == Profile.Quick ? 2 : MemoryBandwidthProbe.DefaultRepetitions);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"memory bandwidth: {probe.OneCoreGbps:0.0} GB/s on one core, {probe.AllCoresGbps:0.0} GB/s on {probe.Threads} — the floor compute is judged against"));
        foreach (var model in options.Models)
        {
            var shape = options.RunShape(model);
            // one layer of every kind (predictor rank), weighted by how many layers have it (LayerKinds)
            var layers = LayerKinds.Sample(shape, options.LayerSample);
            int window = options.WindowFor(shape);
            // the weight files cover the run's layers only: a copy of the shape with that many layers; the trace is the
            // full model's, sliced to the run's layers, so each layer keeps the activity of its depth
            var fileShape = shape.WithLayers(layers.Count);
            ActivationTrace trace;
            if (options.TracePath is null)
            {
                var full = SyntheticTraceGenerator.Generate(shape, new SyntheticTraceOptions { Tokens = options.Tokens });
                trace = TraceSlice.Select(full, layers, options.Tokens);
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
            methods ??= UsableMethods(options.Methods, separate.Path);
            var ring = options.UsesDenseRing(model)
                ? new DenseRing(WeightFileGenerator.Ensure(options.DataDirectory, shape, Precision.Fp16, WeightLayout.Separate, LatencyDataFiles.DenseRingSeed),
                    AttentionFile.Ensure(options.DataDirectory, shape, LatencyDataFiles.RingLayers(shape), SyntheticModel.DefaultSeed))
                : null;
            var sparseRing = options.UsesDenseRing(model)
                ? new SparseRing(WeightFileGenerator.Ensure(options.DataDirectory, shape, Precision.Fp16, WeightLayout.Separate, LatencyDataFiles.SparseRingSeed),
                    WeightFileGenerator.Ensure(options.DataDirectory, shape, Precision.Fp16, WeightLayout.Bundled, LatencyDataFiles.SparseRingSeed))
                : null;
            var setupNote = new EngineSetup
            {
                Shape = shape, Layers = layers, Config = InferenceConfig.All, Window = window, DramFraction = options.DramFor(shape),
                Tokens = options.Tokens, Trace = trace, AttentionFile = attention, SeparateFile = separate, BundledFile = bundled,
                Method = ReadMethod.Direct, Threads = options.Threads,
            };
            models[shape.Name] = new LatencyTables.ModelRun(shape, options.DramFor(shape), Note(options, shape, layers, trace.Source, setupNote with { DenseRing = ring, SparseRing = sparseRing }));
            shapes[shape.Name] = shape;
            predictorRows.AddRange(PredictorRow.FromTrace(shape.Name, shape, layers, trace, options.Tokens));
            // every configuration once per method, the methods' engines of a configuration neighbours in the interleaving; each
            // further method reads FFN files of its own (LatencyDataFiles.FfnSeed), not the blocks the first just read
            var ffn = methods.Select((_, m) => m == 0
                ? (Separate: separate, Bundled: bundled)
                : (Separate: WeightFileGenerator.Ensure(options.DataDirectory, fileShape, Precision.Fp16, WeightLayout.Separate, LatencyDataFiles.FfnSeed(m)),
                    Bundled: WeightFileGenerator.Ensure(options.DataDirectory, fileShape, Precision.Fp16, WeightLayout.Bundled, LatencyDataFiles.FfnSeed(m)))).ToList();
            cases.Add(new LatencyCase(shape.Name, options.Configs.SelectMany(config => methods.Select((method, m) => new EngineSetup
            {
                Shape = shape, Layers = layers, Config = config, Window = window, DramFraction = options.DramFor(shape),
                Tokens = options.Tokens, Trace = trace, AttentionFile = attention, SeparateFile = ffn[m].Separate, BundledFile = ffn[m].Bundled,
                Method = method, Threads = options.Threads, DenseRing = ring,
                // a further method starts its sequences elsewhere on the files (Windowing is half a file away from Predictor):
                // never a layer another engine of the case is reading
                SparseRing = sparseRing is null ? null : sparseRing with { Start = m * shape.Layers / (2 * methods.Count) },
            })).ToList()));
        }
        CsvFiles.Write(run.Result(PredictorRow.FileName), predictorRows);
        if (fitRows is not null)
            CsvFiles.Write(run.Result(PredictorFitRow.FileName), fitRows);
        var readMethod = methods![0];
        if (!readMethod.BypassesPageCache())
            Console.WriteLine($"O_DIRECT refused here: reading with {readMethod.Name()}, weight files evicted before every token");

        // the probe's read once more after every token: the control each token's compute GB/s is judged against
        using var bandwidth = new MemoryBandwidthMonitor(probe.BufferBytes);
        // the I/O control reads the throughput experiment's test file at offsets no case reads: the cases' own files are
        // re-read every token, and reading them again would measure a cache below the VM, not the disk
        var controlFile = TestFileGenerator.Ensure(options.DataDirectory, ThroughputOptions.ForProfile(context.Profile, options.DataDirectory).FileBytes,
            settle: SettleOptions.Default);
        // a region of the file per measurement: one per configuration and iteration (BenchmarkDotNet's jitting invocation may take one more per case)
        using var ioControl = new ReadControl(methods, controlFile.Path, options.Threads,
            LatencyPlan.IoControlMeasurements(cases, options.Iterations, options.Warmups), context.Seed);
        var plan = new LatencyPlan(cases, options.Iterations, options.Warmups, bandwidth, ioControl, options.IoControl, relabelSeed: context.Seed | 1);
        RecordRunInfo(options, context, cases, methods, probe, controlFile.Path);
        Console.WriteLine($"measuring {cases.Count} models in a shuffled order, each case its {options.Configs.Count} configurations{(methods.Count > 1 ? $" × {methods.Count} read methods" : "")} interleaved token by token, × {options.Iterations} iteration(s) of {options.Tokens} tokens ({string.Join(" and ", methods.Select(m => m.HasQueueDepth() ? $"{m.Name()}: one ring, {options.Threads} reads in flight" : $"{m.Name()}: {options.Threads} reader threads"))}); every engine warms up until no method is being compiled");
        var measured = context.Measure<LatencyPlan, TokenRow>(this, plan);
        var rows = LatencyTables.Counting(measured);
        if (rows.Count < measured.Count)
            Console.WriteLine($"left out of Tables 2 and 3 and the projection: {measured.Count - rows.Count} of {measured.Count} token rows, measured while the device was not steady");
        var (table2, table3) = LatencyTables.Build(rows, models, probe, readMethod.Name());
        CsvFiles.Write(run.Result(Table2Row.FileName), table2);
        CsvFiles.Write(run.Result(Table3Row.FileName), table3);
        WriteProjection(options, context, rows, shapes, table2, table3, readMethod);
        LatencyConsole.PrintTable2(table2);
        LatencyConsole.PrintTable3(table3);
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

    private static string Note(LatencyOptions options, ModelShape shape, IReadOnlyList<int> layers, string traceSource, EngineSetup setup)
    {
        string scaled = shape.ScaledFrom is null
            ? "real per-layer shape"
            : $"SCALED shape (d_model {shape.DModel}, d_ff {shape.DFf} = 1/{options.WidthDivisor} of {shape.ScaledFrom}): compare ratios, not absolute ms";
        string dense = setup.DenseRing is { } ring
            ? $"Naive and Hybrid stream a ring over all {ring.Layers} layers of full-depth files (the next {layers.Count} layers each token, Hybrid half a ring behind), so none of their reads comes back before the ring turns; their outputs are not the sampled layers'"
            : "Naive and Hybrid re-read the sampled layers every token (a cache below the guest may serve those re-reads: judged against the cold curve)";
        string sparse = setup.SparseRing is { } sparseRing
            ? $"Predictor, Windowing and All load from full-depth files of {sparseRing.Layers} layers (separate, bundled), {layers.Count} consecutive layers per sequence from one its relabeling key chooses (Windowing half a file from Predictor), so a run's loads spread over the whole files"
            : "the sparse configurations load the sampled layers' files";
        return $"{scaled}; {LayerKinds.Describe(shape, layers)}; {dense}; {sparse}; {TokenEngine.ComputeNoteFor(setup, setup.ComputeThreads)}; trace {traceSource}{(options.TracePath is null ? " (sparse branch synthetic, calibrated to OPT 6.7B §3.1)" : " (imported)")}";
    }

    private static void WriteProjection(LatencyOptions options, ExperimentContext context, IReadOnlyList<TokenRow> rows, IReadOnlyDictionary<string, ModelShape> shapes,
        IReadOnlyList<Table2Row> table2, IReadOnlyList<Table3Row> table3, ReadMethod method)
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
        // the projection's I/O: the throughput grid's median curve (fio checks it). The controls read beside the cases
        // come out above it on this VM, for reasons not isolated, so they only inform the self-check and Table 2
        var curve = IoCurveSource.Load(run, method, options.Threads, measure, options.DataDirectory, context.Seed, table2, context.Cancellation);
        if (measure || File.Exists(run.Result(ThroughputRow.FileName)))
            CheckAgainstCurve(run, table2, curve);
        CsvFiles.Write(run.Result(IoCurvePoint.FileName), curve.Points.Select(p => new IoCurvePoint { ChunkBytes = p.ChunkBytes, ThroughputGbps = p.Gbps, Source = curve.Source }));
        var kernels = KernelRatesNow(context.Profile);
        var projection = TokensPerSecondProjection.Project([.. ModelShapes.PaperModels, TokensPerSecondProjection.Apple3B],
            [Precision.Fp16, Precision.Int8, Precision.Int4, Precision.Palettized3_5], curve, rates, kernels).ToList();
        CsvFiles.Write(run.Result(ProjectionRow.FileName), projection);
        // the projection's rates are sums over tokens: its self-check compares Table 3's means, not its medians
        var checks = ProjectionSelfCheck.AllBases(table3.Select(r => r.AtMeans()).ToList(), table2, shapes, rates, curve, options.Threads);
        CsvFiles.Write(run.Result(ProjectionCheck.FileName), checks);
        foreach (var check in checks)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  projection self-check ({check.IoBasis,-7} I/O) {check.Model} {check.Config,-10} measured {check.MeasuredTotalMs,8:0.0} ms, projected {check.ProjectedTotalMs,8:0.0} ms ({check.Ratio:0.000}){(check.WithinTolerance ? "" : "  OUTSIDE ±10 %")}"));
        }
        foreach (var row in projection.Where(r => r.Model == TokensPerSecondProjection.Apple3B.Name && r.ComputeMeasured))
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
            if (row.AboveCurve)
            {
                row.MethodNote += string.Create(CultureInfo.InvariantCulture,
                    $"; WARNING {row.Config}: {row.ThroughputGbps:0.00} GB/s exceeds the cold random-read curve ({row.CurveGbps:0.00} GB/s at {row.BytesPerRead} B) — re-read data likely served by a cache below the VM, not flash");
                Console.WriteLine($"  warning: {row.Model}/{row.Config} reads faster than the cold curve (likely a host-side cache); flagged in table2.csv");
            }
        }
        CsvFiles.Write(run.Result(Table2Row.FileName), table2);
    }

    /// <summary>The measured rate of each kernel the projection may use: fp16 and int8 on a matrix beyond the last-level
    /// cache, on every core (as the engine computes); every other precision stays "not measured".</summary>
    private static KernelRates KernelRatesNow(Profile profile)
    {
        // beyond this machine's 300 MiB last-level cache; 1 GiB only in --full (building it takes most of a minute)
        long bytes = profile switch { Profile.Quick => 256L << 20, Profile.Standard => 512L << 20, _ => 1L << 30 };
        var rates = new List<KernelRate>();
        foreach (var precision in new[] { Precision.Fp16, Precision.Int8 })
        {
            var kernel = new Micro.KernelCase(precision, bytes, allCores: true);
            rates.Add(kernel.MeasureRate(profile == Profile.Quick ? 3 : 10, $"measured now: {kernel.Description}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  kernel {kernel.Name}: {rates[^1].Gbps:0.0} GB/s"));
        }
        return new KernelRates(rates);
    }

    /// <summary>The requested methods that can read <paramref name="filePath"/> here (each skipped one said with its reason),
    /// or the default: direct where O_DIRECT works, else buffered.</summary>
    private static IReadOnlyList<ReadMethod> UsableMethods(IReadOnlyList<ReadMethod>? requested, string filePath)
    {
        if (requested is null)
            return [DirectIoProbe.Check(filePath).Supported ? ReadMethod.Direct : ReadMethod.Buffered];
        var (usable, skipped) = ReadMethodAvailability.Sort(requested, method => method.Availability(filePath));
        foreach (var skip in skipped)
            Console.WriteLine($"skipped {skip.Method.Name()}: {skip.Reason}");
        return usable.Count > 0
            ? usable
            : throw new UsageException($"--method: none of {string.Join(", ", requested.Select(m => m.Name()))} can read {filePath} here ({string.Join("; ", skipped.Select(s => $"{s.Method.Name()}: {s.Reason}"))})");
    }

    private void RecordRunInfo(LatencyOptions options, ExperimentContext context, IReadOnlyList<LatencyCase> cases, IReadOnlyList<ReadMethod> methods, MemoryBandwidth probe,
        string ioControlFile)
    {
        var method = methods[0];
        var setups = cases.SelectMany(c => c.Setups).ToList();
        var first = setups[0];
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
            read_methods = methods.Select(m => m.Name()),
            read_paths = methods.Select(m => m.HasQueueDepth() ? $"{m.Describe()}; one ring per engine reader, {options.Threads} reads in flight" : m.Describe()),
            reader_threads = options.Threads,
            dense_chunk_bytes = first.DenseChunkBytes,
            dense_ring = setups.Where(s => s.ActiveRing is not null).Select(s => s.Shape.Name).Distinct(),
            storage = StorageInfo.For(first.SeparateFile.Path),
            weight_files = setups.SelectMany(s => s.Files).Distinct(),
            trace = setups.Select(s => s.Trace.Source).Distinct(),
            compute = TokenEngine.ComputeNoteFor(first, first.ComputeThreads),
            simd = SimdWidths.Describe(),
            memory_bandwidth = probe,
            io_control = new { file = ioControlFile, seconds = options.IoControl.TotalSeconds, read_method = method.Name(), read_methods = methods.Select(m => m.Name()), threads = options.Threads,
                note = "one reader per method over shared regions; io_uring reads on one ring of the threads' depth, as the loaders do" },
            layer_kinds = setups.DistinctBy(s => s.Shape.Name).ToDictionary(s => s.Shape.Name, s => LayerKinds.Describe(s.Shape, s.Layers)),
            neuron_relabeling = "every generated sequence (iteration, warm-up, re-measurement) loads the trace under neuron numbers of its own, drawn from the run's seed, the same for all of a model's configurations: same reads, other rows",
            interleaving = "one case per model: every configuration generates token t before any generates t + 1, forward order on even tokens, reverse on odd",
        });
    }
}
