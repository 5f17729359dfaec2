using FlashBench.Bench.Cli;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>The validated settings of one latency run: the profile's defaults, overridden by options.</summary>
public sealed record LatencyOptions
{
    public required Profile Profile { get; init; }
    public required IReadOnlyList<ModelShape> Models { get; init; }
    public required IReadOnlyList<InferenceConfig> Configs { get; init; }
    public required int Tokens { get; init; }
    /// <summary>Layers actually run per model (evenly spaced, first and last included); figures are extrapolated to all layers.</summary>
    public required int LayerSample { get; init; }
    /// <summary>1 = the real per-layer shape; 4 = d_model and d_ff divided by 4 (quick profile).</summary>
    public required int WidthDivisor { get; init; }
    public required int Iterations { get; init; }
    public required int Warmups { get; init; }
    public required string DataDirectory { get; init; }
    /// <summary>Hybrid's DRAM share of the model; null = the paper's per model (half; Phi-2 65 %).</summary>
    public double? DramFraction { get; init; }
    public ReadMethod? Method { get; init; }
    /// <summary>An imported activation trace (sparse branch text format) instead of the synthetic one; one model only.</summary>
    public string? TracePath { get; init; }
    /// <summary>Reader threads: 32, as the paper (§4.1).</summary>
    public int Threads { get; init; } = 32;

    /// <summary>Quick: every model at a quarter of its width, 2 layers, 10 tokens, one iteration (≤ 1.5 min).
    /// Standard: real per-layer shapes, 2 layers of each model (first and last: both predictor ranks), 12
    /// tokens (k cold + 8–10 steady), one iteration, to stay ≤ 10 min on 2 cores. Full: 4 layers, 48 tokens.
    /// One iteration per case: tokens.csv's token index then identifies a sample (the comparer sums a token's layers).</summary>
    public static LatencyOptions ForProfile(Profile profile, string dataDirectory) => profile switch
    {
        Profile.Quick => new()
        {
            Profile = profile, Models = ModelShapes.PaperModels, Configs = InferenceConfigs.All,
            Tokens = 10, LayerSample = 2, WidthDivisor = 4, Iterations = 1, Warmups = 0, DataDirectory = dataDirectory,
        },
        Profile.Standard => new()
        {
            Profile = profile, Models = ModelShapes.PaperModels, Configs = InferenceConfigs.All,
            Tokens = 12, LayerSample = 2, WidthDivisor = 1, Iterations = 1, Warmups = 0, DataDirectory = dataDirectory,
        },
        _ => new()
        {
            Profile = profile, Models = ModelShapes.PaperModels, Configs = InferenceConfigs.All,
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

    /// <summary><paramref name="count"/> evenly spaced layers of <paramref name="layers"/>, first and last included.</summary>
    public static IReadOnlyList<int> SampleLayers(int layers, int count)
    {
        if (count >= layers)
            return Enumerable.Range(0, layers).ToList();
        if (count == 1)
            return [0];
        return Enumerable.Range(0, count).Select(i => (int)Math.Round(i * (layers - 1) / (double)(count - 1))).Distinct().ToList();
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
        string full = Path.GetFullPath(DataDirectory);
        string? parent = Path.GetDirectoryName(full.TrimEnd('/'));
        if (!Directory.Exists(full) && (parent is null || !Directory.Exists(parent)))
            throw new UsageException($"--data-dir: the folder containing {DataDirectory} does not exist");
    }
}
