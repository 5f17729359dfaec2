using System.Globalization;
using FlashBench.Bench.Benchmarks;
using FlashBench.Bench.Cli;
using FlashBench.Core;
using FlashBench.Core.Loading;
using FlashBench.Core.Memory;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Sparsity;
using FlashBench.Core.Throughput;
using FlashBench.Core.Weights;
using Spectre.Console;

namespace FlashBench.Bench.Experiments;

/// <summary>Runs one sparse experiment: trace (synthetic or imported) and its statistics, Req per case and the
/// DRAM-budget check (before anything is written), weight files (generated once, reused), then one
/// BenchmarkDotNet case per <see cref="SparseCase"/>; writes &lt;experiment&gt;.csv after every case, the trace CSVs
/// and run.json.</summary>
public static class SparseExperiment
{
    /// <summary>Extra trace tokens beyond warm-up and measured ones, for BenchmarkDotNet's jitting invocation(s).</summary>
    private const int SlackTokens = 8;

    /// <summary>Everything that can refuse bad input, done before anything is written: the trace, Req per
    /// window and the DRAM-budget check.</summary>
    public static SparsePreparation Prepare(string experiment, SparseSettings settings, IReadOnlyList<SparseCase> cases)
    {
        int startToken = cases.Max(c => c.Window);
        int needed = startToken + settings.Warmups + settings.Tokens + SlackTokens;
        var trace = LoadTrace(settings, needed);
        var formats = cases.Select(c => (c.Precision, c.Layout)).Distinct()
            .ToDictionary(p => p, p => new WeightFileFormat(settings.Shape, p.Precision, p.Layout));
        var required = cases.Select(c => c.Window).Distinct()
            .ToDictionary(k => k, k => ResidentRequirement.For(trace, k, startToken - k));
        foreach (var c in cases)
        {
            var prepared = new PreparedCase(c, new WeightFile("", formats[(c.Precision, c.Layout)], 0), required[c.Window]);
            if (settings.Budget.Refuse(prepared.RequiredBytes, $"{experiment} case {c.Key} ({settings.Shape.Name}, window {c.Window}, {c.Manager.Name()} manager)") is { } reason)
                throw new UsageException($"--dram-budget: {reason}");
        }
        return new SparsePreparation(experiment, settings, cases, trace, startToken, formats, required);
    }

    public static IReadOnlyList<SparseTokenRow> Run(SparsePreparation preparation, RunDirectory run, CancellationToken cancellation, Type benchmarkType)
    {
        var (experiment, settings, cases, trace, startToken, formats, required) = preparation;
        var statistics = TraceStatistics.Compute(trace);
        WriteTraceStatistics(run, settings.Shape, statistics);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trace {trace.Source}: {trace.Tokens} tokens; active {statistics.MeanActiveFraction:P2}, predicted {statistics.MeanPredictedFraction:P2} of the FFN per token; window 5: +{statistics.Increment(5):P2} per token, holds {statistics.SAgg(5):P2}"));

        var files = EnsureFiles(settings, [.. formats.Values]);
        var method = UsableMethod(settings.Method, files.Values.First().Path);
        settings = settings with { Method = method };
        var preparedCases = cases.Select(c => new PreparedCase(c, files[(c.Precision, c.Layout)], required[c.Window])).ToList();

        string csvPath = run.Result($"{experiment}.csv");
        SparsePlan? plan = null;
        plan = new SparsePlan(experiment, settings, preparedCases, trace, startToken, prepared =>
        {
            var measured = plan!.Measured();
            CsvFiles.Write(csvPath, measured.Select(m => ToRow(experiment, settings, trace, m)));
            PrintCase(prepared, measured.Where(m => m.Prepared == prepared).ToList());
            cancellation.ThrowIfCancellationRequested();
        });

        RunInfo.Record(run, experiment, new
        {
            profile = settings.Profile.Name(),
            model = settings.Shape.Name,
            scaled_from = settings.Shape.ScaledFrom,
            trace = trace.Source,
            trace_tokens = trace.Tokens,
            start_token = startToken,
            measured_tokens = settings.Tokens,
            warmups = settings.Warmups,
            threads = settings.Threads,
            read_method = method.Name(),
            read_path = method.Describe(),
            dram_budget_bytes = settings.Budget.Bytes,
            cases = preparedCases.Select(p => new
            {
                key = p.Case.Key, precision = p.Case.Precision.Name, layout = p.Case.Layout.Name(), window = p.Case.Window,
                manager = p.Case.Manager.Name(), weight_file = p.File.Path, weight_file_bytes = p.File.Bytes,
                weight_file_reused = p.File.Reused, required_rows = p.Required.Sum(), required_bytes = p.RequiredBytes,
            }),
        }, ColdIoConfig.BenchmarkDotNetVersion, settings.Profile.Name());

        Console.WriteLine($"{experiment}: {preparedCases.Count} cases × {settings.Tokens} tokens (+{settings.Warmups} warm-up), {settings.Describe()}");
        SparseTokenBenchmark.Plan = plan;
        try
        {
            var config = ColdIoConfig.Create(Path.Combine(run.ResultsPath, "bdn"), settings.Tokens, settings.Warmups);
            BenchmarkSession.Run(benchmarkType, config);
        }
        finally
        {
            SparseTokenBenchmark.Plan = null;
        }
        var rows = plan.Measured().Select(m => ToRow(experiment, settings, trace, m)).ToList();
        CsvFiles.Write(csvPath, rows);
        long peak = ProcessMemory.PeakResidentBytes;
        if (!settings.Budget.PeakWithin(peak))
            Console.WriteLine($"WARNING: peak resident memory {Units.FormatBytes(peak)} exceeded the DRAM budget {Units.FormatBytes(settings.Budget.Bytes)} + 10 %");
        return rows;
    }

    private static ActivationTrace LoadTrace(SparseSettings settings, int needed)
    {
        if (settings.Trace == SparseSettings.SyntheticTrace)
            return SyntheticTraceGenerator.Generate(settings.Shape, new SyntheticTraceOptions { Tokens = Math.Max(needed, 64) });
        var trace = TraceFile.Read(settings.Trace);
        if (trace.Layers != settings.Shape.Layers || trace.NeuronsPerLayer != settings.Shape.DFf)
            throw new UsageException($"--trace: {settings.Trace} has {trace.Layers} layers × {trace.NeuronsPerLayer} neurons but {settings.Shape.Name} has {settings.Shape.Layers} × {settings.Shape.DFf} (use --model/--layers)");
        if (trace.Tokens < needed)
            throw new UsageException($"--trace: {settings.Trace} has {trace.Tokens} tokens; this run needs {needed} (window, warm-up, measured, {SlackTokens} spare): use fewer --tokens");
        return trace;
    }

    private static Dictionary<(Precision, WeightLayout), WeightFile> EnsureFiles(SparseSettings settings, IReadOnlyList<WeightFileFormat> formats)
    {
        var files = new Dictionary<(Precision, WeightLayout), WeightFile>();
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                foreach (var format in formats)
                {
                    var task = context.AddTask($"weights {WeightFileGenerator.FileNameFor(format, WeightFileGenerator.DefaultSeed)}", maxValue: 1.0);
                    files[(format.Precision, format.Layout)] = WeightFileGenerator.Ensure(settings.DataDirectory, format.Shape, format.Precision,
                        format.Layout, WeightFileGenerator.DefaultSeed, new Progress<double>(f => task.Value = f));
                    task.Value = 1.0;
                }
            });
        foreach (var file in files.Values)
            Console.WriteLine($"weight file: {file.Path} ({file.Format.Describe()}, {(file.Reused ? "reused" : "written")})");
        return files;
    }

    private static ReadMethod UsableMethod(ReadMethod requested, string path)
    {
        if (requested != ReadMethod.Direct)
            return requested;
        var probe = DirectIoProbe.Check(path);
        if (probe.Supported)
            return requested;
        Console.WriteLine($"direct: not usable — {probe.Detail}; reading buffered with the page cache evicted before every token (rows say read_method=buffered)");
        return ReadMethod.Buffered;
    }

    private static SparseTokenRow ToRow(string experiment, SparseSettings settings, ActivationTrace trace, TokenMeasurement m)
    {
        var c = m.Prepared.Case;
        var format = m.Prepared.File.Format;
        var r = m.Result;
        return new SparseTokenRow
        {
            Experiment = experiment,
            Model = settings.Shape.Name,
            Precision = c.Precision.Name,
            Layout = c.Layout.Name(),
            Manager = c.Manager.Name(),
            Window = c.Window,
            Threads = settings.Threads,
            Token = m.Token,
            NeuronsLoaded = r.NeuronsLoaded,
            NeuronsDeleted = r.NeuronsDeleted,
            NeuronsResident = r.NeuronsResident,
            Reads = r.ReadsIssued,
            BytesLoaded = r.BytesRead,
            BytesUseful = r.BytesUseful,
            IoMs = r.IoTime.TotalMilliseconds,
            EffectiveGBps = r.EffectiveGigabytesPerSecond,
            MemoryMs = r.MemoryTime.TotalMilliseconds,
            BytesCopied = r.BytesCopied,
            BytesAllocated = r.BytesAllocated,
            DramBytes = r.DramBytes,
            DramAllocatedBytes = m.DramAllocatedBytes,
            LoadedFraction = r.NeuronsLoaded / (double)((long)format.Layers * format.NeuronsPerLayer),
            CachedFraction = r.NeuronsResident / (double)((long)format.Layers * format.NeuronsPerLayer),
            FfnNeurons = (long)format.Layers * format.NeuronsPerLayer,
            FfnBytes = (long)format.Layers * format.NeuronsPerLayer * format.NeuronBytes,
            ResidentBefore = m.ResidentBefore,
            Cache = m.ResidentBefore <= IterationMeasurement.ColdResidencyLimit ? "cold" : "warm",
            ReadMethod = settings.Method.Name(),
            PeakRssBytes = m.PeakRssBytes,
            DramBudgetBytes = settings.Budget.Bytes,
            Trace = trace.Source,
        };
    }

    /// <summary>Adds this trace's statistics to trace_layers.csv and trace_sagg.csv, replacing earlier rows of the same model and trace.</summary>
    private static void WriteTraceStatistics(RunDirectory run, ModelShape shape, TraceStatistics statistics)
    {
        string layersPath = run.Result(TraceLayerRow.FileName);
        var layers = (File.Exists(layersPath) ? CsvFiles.Read<TraceLayerRow>(layersPath) : [])
            .Where(r => r.Model != shape.Name || r.Trace != statistics.Source).ToList();
        layers.AddRange(statistics.LayerStats.Select(l => new TraceLayerRow
        {
            Model = shape.Name, Trace = statistics.Source, Layer = l.Layer, ActiveFraction = l.ActiveFraction,
            PredictedFraction = l.PredictedFraction, FalseNegativeRate = l.FalseNegativeRate,
        }));
        CsvFiles.Write(layersPath, layers);

        string saggPath = run.Result(TraceSaggRow.FileName);
        var sagg = (File.Exists(saggPath) ? CsvFiles.Read<TraceSaggRow>(saggPath) : [])
            .Where(r => r.Model != shape.Name || r.Trace != statistics.Source).ToList();
        sagg.AddRange(statistics.Windows.Select(w => new TraceSaggRow
        {
            Model = shape.Name, Trace = statistics.Source, K = w.Window, SAggFraction = w.SAggFraction,
            IncrementFraction = double.IsNaN(w.IncrementFraction) ? 0 : w.IncrementFraction,
        }));
        CsvFiles.Write(saggPath, sagg);
    }

    private static void PrintCase(PreparedCase prepared, IReadOnlyList<TokenMeasurement> measured)
    {
        if (measured.Count == 0)
            return;
        double Median(Func<TokenMeasurement, double> f) => measured.Select(f).Order().ElementAt(measured.Count / 2);
        string cache = measured.All(m => m.ResidentBefore <= IterationMeasurement.ColdResidencyLimit) ? "cold" : "WARM (page cache, not flash)";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {prepared.Case.Key,-28} {Median(m => m.Result.NeuronsLoaded),8:0} neurons {Median(m => m.Result.BytesRead) / 1e6,9:0.0} MB/token  I/O {Median(m => m.Result.IoTime.TotalMilliseconds),8:0.0} ms  {Median(m => m.Result.EffectiveGigabytesPerSecond),5:0.00} GB/s  mem {Median(m => m.Result.MemoryTime.TotalMilliseconds),7:0.00} ms  {cache}"));
    }
}

/// <summary>A sparse experiment that passed every input check and is ready to write and measure.</summary>
public sealed record SparsePreparation(string Experiment, SparseSettings Settings, IReadOnlyList<SparseCase> Cases, ActivationTrace Trace,
    int StartToken, Dictionary<(Precision, WeightLayout), WeightFileFormat> Formats, Dictionary<int, int[]> Required);
