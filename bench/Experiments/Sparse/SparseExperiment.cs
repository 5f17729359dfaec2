using System.Globalization;
using System.Linq.Expressions;
using FlashBench.Bench.Cli;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Loading;
using FlashBench.Core.Memory;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Sparsity;
using FlashBench.Core.Storage;
using FlashBench.Core.Weights;
using FlashBench.Reporting;
using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.Charts;
using Spectre.Console;
using Profile = FlashBench.Bench.Cli.Profile;

namespace FlashBench.Bench.Experiments.Sparse;

/// <summary>What the sparse experiments (windowing, bundling, memory, precision) share: trace (synthetic or imported) and
/// its statistics, Req per case and the DRAM-budget check (before anything is written), weight files (generated once,
/// reused), then one BenchmarkDotNet case per <see cref="SparseCase"/>; each writes &lt;experiment&gt;.csv, the trace
/// CSVs and its run.json section. An experiment only chooses which list of its options it varies.</summary>
public abstract class SparseExperiment : Experiment<SparseOptions>
{
    /// <summary>Extra trace tokens beyond warm-up and measured ones, for BenchmarkDotNet's jitting invocation(s).</summary>
    private const int SlackTokens = 8;

    /// <summary>Trace positions a pass advances by: its warm-up and measured tokens and BenchmarkDotNet's jitting
    /// invocation (if BenchmarkDotNet took more, passes would overlap, on every case alike).</summary>
    private static int PassStride(SparseOptions options) => options.Warmups + options.Tokens + 1;

    public override Type RowType => typeof(SparseTokenRow);

    public override string CsvFileName => $"{Name}.csv";

    public override IReadOnlyList<IExperimentReport> Reports => [new TraceReport(), Report(CsvFileName)];

    /// <summary>One gate for all sparse experiments: they run the same loader and read path, and one gate instead of four
    /// keeps the chance of a false alarm across gates down.</summary>
    public const string ComparisonFamily = "sparse loaders";

    /// <summary>How the comparer reads a sparse experiment's CSV: one round per pass, one sample per token of the metric it studies.</summary>
    protected IComparisonDescriptor Comparison(Expression<Func<SparseTokenRow, double>> metric, MetricDirection direction,
        params Expression<Func<SparseTokenRow, object?>>[] keys) =>
        ComparisonDescriptor.For<SparseTokenRow>(Name, CsvFileName)
            .Keys(keys)
            .Replicate(r => r.Pass)
            .Samples(r => r.Token)
            .Metric(metric, direction)
            .Family(_ => ComparisonFamily)
            .Build();

    /// <summary>The experiment's own report section over its CSV.</summary>
    protected abstract IExperimentReport Report(string csvFileName);

    /// <summary>The profile's design: <see cref="SparseOptions.ForProfile"/> with the list this experiment studies.</summary>
    protected abstract SparseOptions Design(SparseOptions defaults, Profile profile);

    public override SparseOptions Defaults(Profile profile, string dataDirectory) => Design(SparseOptions.ForProfile(profile, dataDirectory), profile);

    protected override IOptionBinder<SparseOptions> CreateBinder() => new SparseOptions.Binder();

    public static IReadOnlyList<SparseCase> Cases(SparseOptions options) =>
        (from precision in options.Precisions
         from layout in options.Layouts
         from window in options.Windows
         from manager in options.Managers
         select SparseCase.Of(precision, layout, window, manager)).ToList();

    public override IReadOnlyList<DataFile> DataFiles(SparseOptions options)
    {
        var files = Cases(options).Select(c => (c.Precision, c.Layout)).Distinct()
            .Select(p => DataFile.Weights(options.DataDirectory, options.Shape, p.Precision, p.Layout, options.FileSeed)).ToList();
        if (options.IoControl is not null)
            files.Add(DataFile.TestFile(options.DataDirectory, options.ControlFileBytes, TestFileGenerator.DefaultSeed));
        return files;
    }

    /// <summary>Everything that can refuse bad input, done before anything is written: the options, the trace, Req per
    /// window and the DRAM-budget check.</summary>
    public override Action<ExperimentContext> Prepare(SparseOptions options)
    {
        options.Validate();
        var cases = Cases(options);
        int startToken = cases.Max(c => c.Window);
        var trace = LoadTrace(options, startToken + options.Passes * PassStride(options) + SlackTokens);
        var formats = cases.Select(c => (c.Precision, c.Layout)).Distinct()
            .ToDictionary(p => p, p => new WeightFileFormat(options.Shape, p.Precision, p.Layout));
        var required = cases.Select(c => c.Window).Distinct()
            .ToDictionary(k => k, k => ResidentRequirement.For(trace, k, startToken - k));
        foreach (var c in cases)
        {
            var prepared = new PreparedCase(c, new WeightFile("", formats[(c.Precision, c.Layout)], 0), required[c.Window]);
            if (options.Budget.Refuse(prepared.RequiredBytes, $"{Name} case {c.Key} ({options.Shape.Name}, window {c.Window}, {c.Manager.Name()} manager)") is { } reason)
                throw new UsageException($"--dram-budget: {reason}");
        }
        return context => Measure(context, options, cases, trace, startToken, formats, required);
    }

    private void Measure(ExperimentContext context, SparseOptions options, IReadOnlyList<SparseCase> cases, ActivationTrace trace, int startToken,
        Dictionary<(Precision, WeightLayout), WeightFileFormat> formats, Dictionary<int, int[]> required)
    {
        var statistics = TraceStatistics.Compute(trace);
        TraceStatisticsFiles.Write(context.Run, options.Shape, statistics);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trace {trace.Source}: {trace.Tokens} tokens; active {statistics.MeanActiveFraction:P2}, predicted {statistics.MeanPredictedFraction:P2} of the FFN per token; window 5: +{statistics.Increment(5):P2} per token, holds {statistics.SAgg(5):P2}"));

        var files = EnsureFiles(options, [.. formats.Values]);
        options = options with { Method = UsableMethod(options.Method, files.Values.First().Path) };
        var preparedCases = cases.Select(c => new PreparedCase(c, files[(c.Precision, c.Layout)], required[c.Window])).ToList();
        string? controlFile = options.IoControl is null ? null
            : TestFileGenerator.Ensure(options.DataDirectory, options.ControlFileBytes, settle: SettleOptions.Default).Path;
        // one control region per token a case may load in a pass: window fill aside, its warm-up, measured and jitting tokens
        using var control = controlFile is null ? null
            : new ReadControl(options.Method, controlFile, options.Threads, options.Passes * cases.Count * (PassStride(options) + SlackTokens), context.Seed);
        var plan = new SparsePlan(Name, options, preparedCases, trace, startToken, PassStride(options), control, relabelSeed: context.Seed | 1);

        context.Record(this, new
        {
            model = options.Shape.Name,
            scaled_from = options.Shape.ScaledFrom,
            trace = trace.Source,
            trace_tokens = trace.Tokens,
            start_token = startToken,
            measured_tokens = options.Tokens,
            passes = options.Passes,
            pass_order = "alternating (A B, B A, …): each ratio pairs the sides' tokens of one pass",
            neuron_relabeling = "every pass (and re-measurement) loads the trace under neuron numbers of its own, drawn from the run's seed: same reads, other rows",
            warmups = options.Warmups,
            threads = options.Threads,
            read_method = options.Method.Name(),
            read_path = options.Method.Describe(),
            dram_budget_bytes = options.Budget.Bytes,
            io_control = controlFile is null ? null : new
            {
                file = controlFile, ms = options.IoControl!.Value.TotalMilliseconds, read_method = options.Method.Name(), threads = options.Threads,
                what = "after every token: fresh offsets of the test file (no case reads it) at the token's mean read size; control_gb_s per row",
            },
            cases = preparedCases.Select(p => new
            {
                key = p.Case.Key, precision = p.Case.Precision.Name, layout = p.Case.Layout.Name(), window = p.Case.Window,
                manager = p.Case.Manager.Name(), weight_file = p.File.Path, weight_file_bytes = p.File.Bytes,
                weight_file_reused = p.File.Reused, required_rows = p.Required.Sum(), required_bytes = p.RequiredBytes,
            }),
        });

        Console.WriteLine($"{Name}: {preparedCases.Count} cases × {options.Passes} passes × {options.Tokens} tokens (+{options.Warmups} warm-up), {options.Describe()}");
        var rows = context.Measure<SparsePlan, SparseTokenRow>(this, plan, options.Passes);
        // what the cases added to the process, not the runtime and what earlier experiments of a suite left resident
        var largest = rows.MaxBy(r => r.PeakRssBytes - r.BaselineRssBytes);
        if (largest is not null && !options.Budget.PeakWithin(largest.PeakRssBytes - largest.BaselineRssBytes))
            Console.WriteLine($"WARNING: {largest.Precision}/{largest.Layout}/k{largest.Window} raised resident memory by {Units.FormatBytes(largest.PeakRssBytes - largest.BaselineRssBytes)} (peak {Units.FormatBytes(largest.PeakRssBytes)} over {Units.FormatBytes(largest.BaselineRssBytes)} before it), over the DRAM budget {Units.FormatBytes(options.Budget.Bytes)} + 10 %");
    }

    private static ActivationTrace LoadTrace(SparseOptions options, int needed)
    {
        if (options.Trace == SparseOptions.SyntheticTrace)
            return SyntheticTraceGenerator.Generate(options.Shape, new SyntheticTraceOptions { Tokens = Math.Max(needed, 64) });
        var trace = TraceFile.Read(options.Trace);
        if (trace.Layers != options.Shape.Layers || trace.NeuronsPerLayer != options.Shape.DFf)
            throw new UsageException($"--trace: {options.Trace} has {trace.Layers} layers × {trace.NeuronsPerLayer} neurons but {options.Shape.Name} has {options.Shape.Layers} × {options.Shape.DFf} (use --model/--layers)");
        if (trace.Tokens < needed)
            throw new UsageException($"--trace: {options.Trace} has {trace.Tokens} tokens; this run needs {needed} (window, warm-up, measured, {SlackTokens} spare): use fewer --tokens");
        return trace;
    }

    private static Dictionary<(Precision, WeightLayout), WeightFile> EnsureFiles(SparseOptions options, IReadOnlyList<WeightFileFormat> formats)
    {
        var files = new Dictionary<(Precision, WeightLayout), WeightFile>();
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                foreach (var format in formats)
                {
                    var task = progress.AddTask($"weights {WeightFileGenerator.FileNameFor(format, options.FileSeed)}", maxValue: 1.0);
                    files[(format.Precision, format.Layout)] = WeightFileGenerator.Ensure(options.DataDirectory, format.Shape, format.Precision,
                        format.Layout, options.FileSeed, new Progress<double>(f => task.Value = f));
                    task.Value = 1.0;
                }
            });
        foreach (var file in files.Values)
            Console.WriteLine($"weight file: {file.Path} ({file.Format.Describe()}, {(file.Reused ? "reused" : "written")})");
        return files;
    }

    /// <summary>A method that cannot read here falls back, and the rows say which method read: io_uring (refused by the
    /// kernel) to direct, a method that bypasses the page cache (O_DIRECT refused) to buffered reads evicted before every token.</summary>
    private static ReadMethod UsableMethod(ReadMethod requested, string path)
    {
        if (requested.Availability(path) is not { Supported: false } probe)
            return requested;
        var fallback = requested == ReadMethod.IoUring && DirectIoProbe.Check(path).Supported ? ReadMethod.Direct : ReadMethod.Buffered;
        Console.WriteLine($"{requested.Name()}: not usable — {probe.Detail}; reading with {fallback.Name()} instead (rows say read_method={fallback.Name()})");
        return fallback;
    }
}
