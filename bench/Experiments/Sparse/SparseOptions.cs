using System.CommandLine;
using FlashBench.Bench.Cli;
using FlashBench.Bench.Experiments.Throughput;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.Memory;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Weights;

namespace FlashBench.Bench.Experiments.Sparse;

/// <summary>The design and settings of a sparse-loading experiment (windowing, bundling, memory, precision). Its cases
/// are every combination of <see cref="Precisions"/> × <see cref="Layouts"/> × <see cref="Windows"/> ×
/// <see cref="Managers"/>; each experiment's defaults vary the list it studies and hold the others at one value.</summary>
public sealed record SparseOptions
{
    public const string SyntheticTrace = "synthetic";

    /// <summary>The paper's OPT window (§3.1, Table 3) when a case does not vary it.</summary>
    public const int PaperWindow = 5;

    /// <summary>The paper's reader threads (§4.1).</summary>
    public const int PaperThreads = 32;

    public required ModelShape BaseShape { get; init; }
    /// <summary>Use at most the first N layers of the shape (the synthetic trace samples the full depth profile); null = all.</summary>
    public int? Layers { get; init; }
    public required IReadOnlyList<Precision> Precisions { get; init; }
    public required IReadOnlyList<WeightLayout> Layouts { get; init; }
    public required IReadOnlyList<int> Windows { get; init; }
    public required IReadOnlyList<NeuronManager> Managers { get; init; }
    /// <summary>"synthetic" or the path of a trace file (docs/trace-format.md).</summary>
    public string Trace { get; init; } = SyntheticTrace;
    /// <summary>DRAM budget for resident neurons; null = about half the model (§4.1).</summary>
    public long? BudgetBytes { get; init; }
    public int Threads { get; init; } = PaperThreads;
    /// <summary>Measured tokens per case and pass.</summary>
    public required int Tokens { get; init; }
    /// <summary>Passes over the cases, in an order that alternates (A B, B A): each pass measures the next
    /// <see cref="Tokens"/> trace positions on every case, so a ratio pairs the sides' tokens of one pass, measured as
    /// neighbours in time.</summary>
    public required int Passes { get; init; }
    public required int Warmups { get; init; }
    public ReadMethod Method { get; init; } = ReadMethod.Direct;
    public bool Verify { get; init; }
    public required string DataDirectory { get; init; }
    /// <summary>Reading time of the I/O control after every token (fresh offsets of the test file, a file no case reads, at
    /// the token's mean read size, same method and reads in flight); null: none. A ratio's side that reads far from its
    /// control was not read at the device's rate (a cache below the guest, or a stall), which the verdict then says.</summary>
    public TimeSpan? IoControl { get; init; }
    /// <summary>Size of the test file the I/O control reads.</summary>
    public long ControlFileBytes { get; init; }

    /// <summary>The seed of the weight files the experiment reads: the default, shared by windowing, memory and
    /// precision, or a copy of the experiment's own (bundling).</summary>
    public ulong FileSeed { get; init; } = Core.Weights.WeightFileGenerator.DefaultSeed;

    public ModelShape Shape => BaseShape.WithLayers(Math.Min(Layers ?? BaseShape.Layers, BaseShape.Layers));

    public DramBudget Budget => new(BudgetBytes ?? (long)(Shape.PaperDramFraction * Precisions[0].BytesFor(Shape.TotalWeights)));

    /// <summary>OPT 6.7B, fp16, bundled, k = 5, the §3.3 slot manager, 32 threads. Quick: the first 4 layers, 2 passes of
    /// 2 tokens; standard: all 32 layers, 2 passes of 3 tokens (A B, B A); full: 4 passes of 4 tokens (+1 warm-up).</summary>
    public static SparseOptions ForProfile(Profile profile, string dataDirectory)
    {
        var shape = ModelShapes.Opt6_7B;
        var (passes, tokens, warmups) = profile switch
        {
            Profile.Quick => (2, 2, 0),
            Profile.Standard => (2, 3, 0),
            _ => (4, 4, 1),
        };
        return new SparseOptions
        {
            BaseShape = shape,
            Layers = profile == Profile.Quick ? 4 : null,
            Precisions = [Precision.Fp16],
            Layouts = [WeightLayout.Bundled],
            Windows = [PaperWindow],
            Managers = [NeuronManager.Slots],
            Tokens = tokens,
            Passes = passes,
            Warmups = warmups,
            DataDirectory = dataDirectory,
            // the throughput experiment's test file (a suite writes it once); quick runs (CI, smoke) a small one
            ControlFileBytes = profile == Profile.Quick ? RunDeviceWatch.ProbeFileBytes(profile) : ThroughputOptions.ForProfile(profile, dataDirectory).FileBytes,
        };
    }

    public void Validate()
    {
        if (Layers < 1)
            throw new UsageException($"--layers: {Layers} is not a positive number of layers");
        if (Precisions.Where(p => !WeightFileFormat.IsSupported(p)).Select(p => p.Name).FirstOrDefault() is { } unsupported)
            throw new UsageException($"--precision: weight files support fp32, fp16, int8 and int4, not {unsupported}");
        if (Windows.Count == 0 || Precisions.Count == 0)
            throw new UsageException("--window and --precision need at least one value");
        if (Threads is < 1 or > 256)
            throw new UsageException($"--threads: {Threads} is not from 1 to 256");
        if (Tokens is < 1 or > 10_000)
            throw new UsageException($"--tokens: {Tokens} is not from 1 to 10000");
        if (Passes is < 1 or > 100)
            throw new UsageException($"--passes: {Passes} is not from 1 to 100");
        if (IoControl is { } control && (control < TimeSpan.FromMilliseconds(10) || control > TimeSpan.FromSeconds(5)))
            throw new UsageException($"--io-control: {control.TotalMilliseconds:0} ms is not 0 (none) or from 10 to 5000 ms");
        if (Trace != SyntheticTrace && !File.Exists(Trace))
            throw new UsageException($"--trace: '{Trace}' is neither 'synthetic' nor an existing trace file");
    }

    public string Describe() =>
        $"{Shape.Name} {string.Join('/', Precisions.Select(p => p.Name))}, trace {Trace}, {Threads} threads, {Passes} passes × {Tokens} tokens (+{Warmups} warm-up), {Method.Name()}, DRAM budget {Units.FormatBytes(Budget.Bytes)}";

    /// <summary>The options every sparse experiment command takes.</summary>
    public sealed class Binder : IOptionBinder<SparseOptions>
    {
        private readonly Option<bool> _verify = CommonOptions.Verify();
        private readonly Option<string?> _model = new("--model") { Description = $"Model shape ({ModelShapes.NameList}); default opt-6.7b" };
        private readonly Option<int?> _layers = new("--layers") { Description = "Use the first N layers' worth of the shape (default: 4 with --quick, all otherwise)" };
        private readonly Option<string?> _precision = new("--precision") { Description = "Weight precisions, comma-separated: fp32, fp16, int8, int4 (default: the experiment's)" };
        private readonly Option<string?> _trace = new("--trace") { Description = "Activation trace: 'synthetic' (default, calibrated to OPT 6.7B) or a trace file (docs/trace-format.md)" };
        private readonly Option<string?> _window = new("--window") { Description = "Window k of §3.1, or several comma-separated (default: the experiment's; 0 = no window)" };
        private readonly Option<string?> _budget = new("--dram-budget") { Description = "DRAM budget for resident neurons, e.g. 6.5G (default: half the model, §4.1)" };
        private readonly Option<int?> _threads = new("--threads") { Description = "Reader threads (default 32, as in the paper)" };
        private readonly Option<int?> _tokens = new("--tokens") { Description = "Measured tokens per case and pass (default 2 quick, 3 standard, 4 full)" };
        private readonly Option<int?> _passes = new("--passes") { Description = "Passes over the cases in alternating order, A B then B A (default 2; 4 full)" };
        private readonly Option<string?> _method = new("--method") { Description = $"Read method ({ReadMethods.NameList}); default direct" };
        private readonly Option<int?> _ioControl = new("--io-control") { Description = "I/O control after every token: ms of fresh reads of the test file at the token's read size, same method and reads in flight (0 = none; default 150 for bundling, 0 for the others)" };

        public IEnumerable<Option> Options => [_model, _layers, _precision, _trace, _window, _budget, _threads, _tokens, _passes, _method, _ioControl, _verify];

        public SparseOptions Apply(SparseOptions options, ParseResult parse)
        {
            if (parse.GetValue(_model) is { } model)
            {
                if (!ModelShapes.TryGet(model, out var shape))
                    throw new UsageException($"--model: unknown model '{model}' (known: {ModelShapes.NameList})");
                options = options with { BaseShape = shape };
            }
            if (parse.GetValue(_layers) is { } layers)
            {
                if (layers < 1 || layers > options.BaseShape.Layers)
                    throw new UsageException($"--layers: {layers} is not from 1 to {options.BaseShape.Layers} ({options.BaseShape.Name})");
                options = options with { Layers = layers };
            }
            if (parse.GetValue(_precision) is { } precisions)
                options = options with { Precisions = ValueParsers.Split(precisions).Select(Precision).Distinct().ToList() };
            if (parse.GetValue(_trace) is { } trace)
                options = options with { Trace = trace };
            if (parse.GetValue(_window) is { } windows)
                options = options with { Windows = ValueParsers.Split(windows).Select(Window).Distinct().Order().ToList() };
            if (parse.GetValue(_budget) is { } budget)
                options = options with { BudgetBytes = ValueParsers.Bytes(budget, "--dram-budget") };
            if (parse.GetValue(_threads) is { } threads)
                options = options with { Threads = threads };
            if (parse.GetValue(_tokens) is { } tokens)
                options = options with { Tokens = tokens };
            if (parse.GetValue(_passes) is { } passes)
                options = options with { Passes = passes };
            if (parse.GetValue(_method) is { } method)
                options = options with { Method = ValueParsers.Method(method, "--method") };
            if (parse.GetValue(_ioControl) is { } controlMs)
                options = options with { IoControl = controlMs == 0 ? null : TimeSpan.FromMilliseconds(controlMs) };
            return options with { Verify = parse.GetValue(_verify) };
        }

        private static Precision Precision(string name) =>
            Core.Models.Precision.TryParse(name, out var precision)
                ? precision
                : throw new UsageException($"--precision: unknown precision '{name}' (known: {Core.Models.Precision.NameList})");

        private static int Window(string text) =>
            int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int k) && k <= 64
                ? k
                : throw new UsageException($"--window: '{text}' is not a whole number from 0 to 64");
    }
}
