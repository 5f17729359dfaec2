using FlashBench.Bench.Cli;
using FlashBench.Core;
using FlashBench.Core.Memory;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Weights;

namespace FlashBench.Bench.Experiments;

/// <summary>The validated settings shared by the sparse experiments (windowing, bundling, memory, precision).</summary>
public sealed record SparseSettings
{
    public const string SyntheticTrace = "synthetic";

    public required Profile Profile { get; init; }
    public required ModelShape Shape { get; init; }
    public required Precision Precision { get; init; }
    /// <summary>"synthetic" or the path of a trace file (docs/trace-format.md).</summary>
    public required string Trace { get; init; }
    public required int Window { get; init; }
    public required DramBudget Budget { get; init; }
    public required string DataDirectory { get; init; }
    public required int Threads { get; init; }
    /// <summary>Measured tokens per case.</summary>
    public required int Tokens { get; init; }
    public required int Warmups { get; init; }
    public required ReadMethod Method { get; init; }
    public bool Verify { get; init; }

    /// <summary>Layers of the shape per profile: quick runs the first-layer-count-scaled OPT 6.7B with 4 layers
    /// (its trace samples the full depth profile); standard and full run all 32.</summary>
    public static int DefaultLayers(Profile profile, ModelShape model) => profile == Profile.Quick ? Math.Min(4, model.Layers) : model.Layers;

    /// <summary>Measured tokens (BenchmarkDotNet iterations) and warm-ups per case.</summary>
    public static (int Tokens, int Warmups) DefaultTokens(Profile profile) => profile switch
    {
        Profile.Quick => (3, 0),
        Profile.Standard => (5, 1),
        _ => (16, 2),
    };

    /// <summary>The paper keeps about half the model in DRAM (§4.1): that share of the (scaled) model's bytes.</summary>
    public static DramBudget DefaultBudget(ModelShape shape, Precision precision) =>
        new((long)(shape.PaperDramFraction * precision.BytesFor(shape.TotalWeights)));

    public static SparseSettings Create(Profile profile, string dataDirectory, string? model, int? layers, string? precision,
        string? trace, int? window, string? budget, int? threads, int? tokens, string? method, bool verify)
    {
        var baseShape = ModelShapes.Opt6_7B;
        if (model is not null && !ModelShapes.TryGet(model, out baseShape))
            throw new UsageException($"--model: unknown model '{model}' (known: {ModelShapes.NameList})");
        int layerCount = layers ?? DefaultLayers(profile, baseShape);
        if (layerCount < 1 || layerCount > baseShape.Layers)
            throw new UsageException($"--layers: {layerCount} is not from 1 to {baseShape.Layers} ({baseShape.Name})");
        var shape = baseShape.WithLayers(layerCount);

        var weightPrecision = Precision.Fp16;
        if (precision is not null && !Precision.TryParse(precision, out weightPrecision))
            throw new UsageException($"--precision: unknown precision '{precision}' (known: {Precision.NameList})");
        if (!WeightFileFormat.IsSupported(weightPrecision))
            throw new UsageException($"--precision: weight files support fp32, fp16, int8 and int4, not {weightPrecision.Name}");

        int k = window ?? 5;
        if (k is < 0 or > 64)
            throw new UsageException($"--window: {k} is not from 0 to 64");
        int threadCount = threads ?? 32;
        if (threadCount is < 1 or > 256)
            throw new UsageException($"--threads: {threadCount} is not from 1 to 256");
        var (defaultTokens, warmups) = DefaultTokens(profile);
        int tokenCount = tokens ?? defaultTokens;
        if (tokenCount is < 1 or > 10_000)
            throw new UsageException($"--tokens: {tokenCount} is not from 1 to 10000");
        var readMethod = ReadMethod.Direct;
        if (method is not null && !ReadMethods.TryParse(method, out readMethod))
            throw new UsageException($"--method: unknown read method '{method}' (known: {ReadMethods.NameList})");
        var dram = budget is null ? DefaultBudget(shape, weightPrecision) : new DramBudget(ValueParsers.Bytes(budget, "--dram-budget"));
        string traceSpec = trace ?? SyntheticTrace;
        if (traceSpec != SyntheticTrace && !File.Exists(traceSpec))
            throw new UsageException($"--trace: '{traceSpec}' is neither 'synthetic' nor an existing trace file");
        string full = Path.GetFullPath(dataDirectory);
        string? parent = Path.GetDirectoryName(full.TrimEnd('/'));
        if (!Directory.Exists(full) && (parent is null || !Directory.Exists(parent)))
            throw new UsageException($"--data-dir: the folder containing {dataDirectory} does not exist");

        return new SparseSettings
        {
            Profile = profile, Shape = shape, Precision = weightPrecision, Trace = traceSpec, Window = k, Budget = dram,
            DataDirectory = dataDirectory, Threads = threadCount, Tokens = tokenCount, Warmups = warmups, Method = readMethod,
            Verify = verify,
        };
    }

    public string Describe() =>
        $"{Shape.Name} {Precision.Name}, trace {Trace}, window {Window}, {Threads} threads, {Tokens} tokens (+{Warmups} warm-up), {Method.Name()}, DRAM budget {Units.FormatBytes(Budget.Bytes)}";
}
