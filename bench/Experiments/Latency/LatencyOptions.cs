using System.CommandLine;
using System.Globalization;
using FlashBench.Bench.Cli;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>The validated settings of one latency run: the profile's defaults, overridden by options.</summary>
public sealed record LatencyOptions
{
    public required IReadOnlyList<ModelShape> Models { get; init; }
    public required IReadOnlyList<InferenceConfig> Configs { get; init; }
    public required int Tokens { get; init; }
    /// <summary>Layers actually run per model: one of every layer kind first (LayerKinds), then evenly spaced; each run layer
    /// is weighted by the layers of its kind it stands for.</summary>
    public required int LayerSample { get; init; }
    /// <summary>1 = the real per-layer shape; 4 = d_model and d_ff divided by 4 (quick profile).</summary>
    public required int WidthDivisor { get; init; }
    public required int Iterations { get; init; }
    public required int Warmups { get; init; }
    public required string DataDirectory { get; init; }
    /// <summary>Hybrid's DRAM share of the model; null = the paper's per model (half; Phi-2 65 %).</summary>
    public double? DramFraction { get; init; }
    /// <summary>The read methods, each run on its own engines interleaved with the others' token by token (paired); the first
    /// is the run's primary one (Tables 2 and 3, the projection), the others stand beside it in Table 2. null: direct where
    /// O_DIRECT works, else buffered.</summary>
    public IReadOnlyList<ReadMethod>? Methods { get; init; }
    /// <summary>An imported activation trace (sparse branch text format) instead of the synthetic one; one model only.</summary>
    public string? TracePath { get; init; }
    /// <summary>Reader threads: 32, as the paper (§4.1).</summary>
    public int Threads { get; init; } = 32;
    /// <summary>How long the I/O control reads after each case's iteration (<see cref="Core.Inference.Engine.ReadControl"/>);
    /// at most one pass over the case's weight file.</summary>
    public TimeSpan IoControl { get; init; } = TimeSpan.FromSeconds(0.25);
    /// <summary>Models whose dense baselines (Naive, Hybrid) stream from full-depth files, a fresh layer ring per token
    /// (<see cref="Core.Inference.Engine.DenseRing"/>), and whose sparse configurations load from full-depth files, a
    /// window of layers per sequence (<see cref="Core.Inference.Engine.SparseRing"/>), by paper name. Default: OPT 6.7B,
    /// Table 2's model; none in the quick profile. The rings cost three times the model's FFN size and its attention size
    /// on disk (OPT 6.7B: three FFN copies of 8.6 GB each and a 4.3 GB attention file).</summary>
    public IReadOnlySet<string> DenseRingModels { get; init; } = new HashSet<string> { ModelShapes.Opt6_7B.Name };

    /// <summary>Whether <paramref name="model"/> (a paper shape, before width scaling) reads its dense baselines from a ring.</summary>
    public bool UsesDenseRing(ModelShape model) => DenseRingModels.Contains(model.Name);

    /// <summary>Quick: every model at a quarter of its width, 2 layers, 10 tokens, one iteration (≤ 1.5 min).
    /// Standard: real per-layer shapes, 2 layers of each model (first and last: both predictor ranks), 12
    /// tokens (k cold + 8–10 steady), one iteration, to stay ≤ 10 min on 2 cores. Full: 4 layers, 48 tokens.
    /// One iteration per case: tokens.csv's token index then identifies a sample (the comparer sums a token's layers).</summary>
    public static LatencyOptions ForProfile(Profile profile, string dataDirectory) => profile switch
    {
        Profile.Quick => new()
        {
            Models = ModelShapes.PaperModels, Configs = InferenceConfigs.All,
            Tokens = 10, LayerSample = 2, WidthDivisor = 4, Iterations = 1, Warmups = 0, DataDirectory = dataDirectory,
            IoControl = TimeSpan.FromSeconds(0.1), DenseRingModels = new HashSet<string>(),
        },
        Profile.Standard => new()
        {
            Models = ModelShapes.PaperModels, Configs = InferenceConfigs.All,
            Tokens = 12, LayerSample = 2, WidthDivisor = 1, Iterations = 1, Warmups = 0, DataDirectory = dataDirectory,
        },
        _ => new()
        {
            Models = ModelShapes.PaperModels, Configs = InferenceConfigs.All,
            Tokens = 48, LayerSample = 4, WidthDivisor = 1, Iterations = 1, Warmups = 0, DataDirectory = dataDirectory,
        },
    };

    /// <summary>The shape actually run for <paramref name="model"/>: itself, or its width-scaled copy.</summary>
    public ModelShape RunShape(ModelShape model)
    {
        if (WidthDivisor == 1)
            return model;
        int div = WidthDivisor;
        return model with
        {
            Name = $"{model.Name}-w{div}",
            DModel = model.DModel / div,
            DFf = model.DFf / div,
            ScaledFrom = model.Name,
            PredictorRank = layer => Math.Max(8, model.PredictorRank(layer) / div),
        };
    }

    public int WindowFor(ModelShape shape) => shape.PaperWindow;

    public double DramFor(ModelShape shape) => DramFraction ?? shape.PaperDramFraction;

    public void Validate()
    {
        if (Models.Count == 0)
            throw new UsageException("--model: no model given");
        if (Configs.Count == 0)
            throw new UsageException("--config: no configuration given");
        int window = Models.Max(m => m.PaperWindow);
        if (Tokens <= window || Tokens > 2048)
            throw new UsageException($"--tokens: {Tokens} must be more than the window k ({window}) and at most 2048");
        if (LayerSample < 1)
            throw new UsageException("--layers must be at least 1");
        if (Iterations < 1)
            throw new UsageException("--iterations must be at least 1");
        if (DramFraction is { } f && (f <= 0 || f >= 1))
            throw new UsageException($"--dram-budget: {f} must be a fraction strictly between 0 and 1 (e.g. 0.5 or 50%)");
        if (TracePath is not null && Models.Count != 1)
            throw new UsageException("--trace: give exactly one --model with an imported trace");
        if (TracePath is not null && !File.Exists(TracePath))
            throw new UsageException($"--trace: file not found: {TracePath}");
    }

    /// <summary>The latency command's own options.</summary>
    public sealed class Binder : IOptionBinder<LatencyOptions>
    {
        private readonly Option<string?> _models = new("--model") { Description = $"Models, comma-separated: {string.Join(", ", ModelShapes.PaperModels.Select(m => m.Name))} (default: all five)" };
        private readonly Option<string?> _configs = new("--config") { Description = $"Configurations, comma-separated: {InferenceConfigs.NameList} (default: all)" };
        private readonly Option<string?> _tokens = new("--tokens") { Description = "Tokens generated per iteration (more than the window k; default 10 quick, 12 standard)" };
        private readonly Option<string?> _dram = new("--dram-budget") { Description = "Hybrid's DRAM share of the model, 0.5 or 50% (default: the paper's, half; Phi-2 65%)" };
        private readonly Option<string?> _layers = new("--layers") { Description = "Layers run per model, evenly spaced (the rest extrapolated; default 2)" };
        private readonly Option<string?> _iterations = new("--iterations") { Description = "Measured iterations per case (default 1)" };
        private readonly Option<string?> _trace = new("--trace") { Description = "Imported activation trace (flashbench-trace text format) instead of the synthetic one; one --model. With FILE.hidden beside it (hidden states), the §3.1 predictor is fitted per layer: predictor_fit.csv" };
        private readonly Option<string?> _denseRing = new("--dense-ring") { Description = "Models whose Naive and Hybrid stream a fresh full-depth layer ring per token instead of re-reading the sampled layers, and whose Predictor, Windowing and All load from full-depth files, comma-separated, or 'none' (default: opt-6.7b; none with --quick; costs three times the model's full FFN size + its attention size on disk)" };
        private readonly Option<string?> _method = new("--method") { Description = $"Read methods, comma-separated: {ReadMethods.NameList} (default: direct where O_DIRECT works, else buffered). Several (e.g. io_uring,direct) run side by side, interleaved token by token; the first is Tables 2 and 3's, the others' I/O stands beside it in Table 2. io_uring reads each batch on one ring of --threads depth (32)" };

        public IEnumerable<Option> Options => [_models, _configs, _tokens, _dram, _layers, _iterations, _method, _denseRing, _trace];

        public LatencyOptions Apply(LatencyOptions options, ParseResult parse)
        {
            if (parse.GetValue(_models) is { } models)
            {
                options = options with
                {
                    Models = ValueParsers.Split(models).Select(name => ModelShapes.TryGet(name, out var shape) && shape != ModelShapes.Tiny
                        ? shape
                        : throw new UsageException($"--model: unknown model '{name}' (known: {string.Join(", ", ModelShapes.PaperModels.Select(m => m.Name))})")).Distinct().ToList(),
                };
            }
            if (parse.GetValue(_configs) is { } configs)
            {
                options = options with
                {
                    Configs = ValueParsers.Split(configs).Select(name => InferenceConfigs.TryParse(name, out var c)
                        ? c
                        : throw new UsageException($"--config: unknown configuration '{name}' (known: {InferenceConfigs.NameList})")).Distinct().Order().ToList(),
                };
            }
            if (parse.GetValue(_tokens) is { } tokens)
                options = options with { Tokens = ValueParsers.One(tokens, "--tokens", 2048) };
            if (parse.GetValue(_layers) is { } layers)
                options = options with { LayerSample = ValueParsers.One(layers, "--layers", 64) };
            if (parse.GetValue(_iterations) is { } iterations)
                options = options with { Iterations = ValueParsers.One(iterations, "--iterations", 100) };
            if (parse.GetValue(_dram) is { } dram)
                options = options with { DramFraction = Fraction(dram) };
            if (parse.GetValue(_denseRing) is { } ring)
            {
                options = options with
                {
                    DenseRingModels = ring.Trim() == "none" ? new HashSet<string>() : ValueParsers.Split(ring).Select(name => ModelShapes.TryGet(name, out var shape) && shape != ModelShapes.Tiny
                        ? shape.Name
                        : throw new UsageException($"--dense-ring: unknown model '{name}' (known: {string.Join(", ", ModelShapes.PaperModels.Select(m => m.Name))}, or none)")).ToHashSet(),
                };
            }
            if (parse.GetValue(_method) is { } method)
                options = options with { Methods = ValueParsers.Methods(method, "--method") };
            return options with { TracePath = parse.GetValue(_trace) };
        }

        private static double Fraction(string text)
        {
            string s = text.Trim();
            bool percent = s.EndsWith('%');
            if (!double.TryParse(percent ? s[..^1] : s, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsNaN(value))
                throw new UsageException($"--dram-budget: '{text}' is not a fraction (examples: 0.5, 50%)");
            double fraction = percent ? value / 100 : value;
            if (fraction <= 0 || fraction >= 1)
                throw new UsageException($"--dram-budget: '{text}' must be strictly between 0 and 1 (0 %–100 %)");
            return fraction;
        }
    }
}
