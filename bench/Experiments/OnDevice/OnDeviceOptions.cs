using System.CommandLine;
using FlashBench.Bench.Cli;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Inference.OnDevice;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Bench.Experiments.OnDevice;

/// <summary>The validated settings of one on-device run: the profile's defaults, overridden by options.</summary>
public sealed record OnDeviceOptions
{
    public required ModelShape Shape { get; init; }
    /// <summary>Decode tokens measured per case, after <see cref="Warmups"/> unmeasured ones.</summary>
    public required int Tokens { get; init; }
    public required int Warmups { get; init; }
    /// <summary>Prompt lengths prefilled as one batch each.</summary>
    public required IReadOnlyList<int> Prompts { get; init; }
    /// <summary>Prefills of each prompt length (the median per prompt token is reported).</summary>
    public required int Repetitions { get; init; }
    /// <summary>Also decode with the FFN read from flash every token.</summary>
    public required bool Flash { get; init; }
    /// <summary>Passes over the FFN file without compute: the disk's read rate at the decode's read sizes.</summary>
    public required int ReadPasses { get; init; }
    public required int ProbeRepetitions { get; init; }
    public required string DataDirectory { get; init; }
    /// <summary>null: direct where O_DIRECT works, else buffered (evicted before every token).</summary>
    public ReadMethod? Method { get; init; }

    /// <summary>KV positions the run needs: the decode's tokens or the longest prompt.</summary>
    public int MaxPositions => Math.Max(Warmups + Tokens, Prompts.Count == 0 ? 0 : Prompts.Max());

    /// <summary>Quick (tests, a smoke run): 2 of afm-3b's layers, 3 tokens, prompts of 8 and 16. Standard: the whole model,
    /// 24 decode tokens per case after 3 warm-up ones, prompts of 128, 512 and 2048 tokens once each (Apple's 0.6 ms per
    /// prompt token is a per-token rate; 2048 alone is a few minutes of 2-core compute). Full: 64 tokens, 3 prefills each.</summary>
    public static OnDeviceOptions ForProfile(Profile profile, string dataDirectory) => profile switch
    {
        Profile.Quick => new()
        {
            Shape = ModelShapes.Afm3B.WithLayers(2), Tokens = 3, Warmups = 1, Prompts = [8, 16], Repetitions = 1, Flash = true,
            ReadPasses = 1, ProbeRepetitions = 2, DataDirectory = dataDirectory,
        },
        Profile.Standard => new()
        {
            Shape = ModelShapes.Afm3B, Tokens = 24, Warmups = 3, Prompts = [128, 512, 2048], Repetitions = 1, Flash = true,
            ReadPasses = 3, ProbeRepetitions = 5, DataDirectory = dataDirectory,
        },
        _ => new()
        {
            Shape = ModelShapes.Afm3B, Tokens = 64, Warmups = 4, Prompts = [128, 512, 2048], Repetitions = 3, Flash = true,
            ReadPasses = 5, ProbeRepetitions = 7, DataDirectory = dataDirectory,
        },
    };

    public void Validate()
    {
        try
        {
            OnDeviceWeights.CheckShape(Shape);
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--model: {e.Message}");
        }
        if (Tokens is < 1 or > 4096)
            throw new UsageException($"--tokens: {Tokens} is not from 1 to 4096");
        if (Warmups is < 0 or > 64)
            throw new UsageException($"--warmups: {Warmups} is not from 0 to 64");
        if (Repetitions is < 1 or > 100)
            throw new UsageException($"--repetitions: {Repetitions} is not from 1 to 100");
        if (Method is { } method && method != ReadMethod.Direct && method != ReadMethod.Buffered)
            throw new UsageException($"--method: the on-device FFN reads with direct or buffered, not {method.Name()}");
    }

    public sealed class Binder : IOptionBinder<OnDeviceOptions>
    {
        private readonly Option<string?> _model = new("--model") { Description = $"Model shape (default afm-3b; needs a SwiGLU FFN; known: {ModelShapes.NameList})" };
        private readonly Option<int?> _layers = new("--layers") { Description = "Run the first N layers only (default: all; quick: 2)" };
        private readonly Option<int?> _tokens = new("--tokens") { Description = "Decode tokens measured per case (default 24; quick 3)" };
        private readonly Option<int?> _warmups = new("--warmups") { Description = "Unmeasured decode tokens before them (default 3)" };
        private readonly Option<string?> _prompts = new("--prompts") { Description = "Prompt lengths to prefill, comma-separated (default 128,512,2048; quick 8,16)" };
        private readonly Option<int?> _repetitions = new("--repetitions") { Description = "Prefills per prompt length (default 1; full 3)" };
        private readonly Option<bool> _noFlash = new("--no-flash") { Description = "Skip the decode with the FFN streamed from flash" };
        private readonly Option<string?> _method = new("--method") { Description = "How the streamed FFN is read: direct (O_DIRECT, default where it works) or buffered (evicted every token)" };

        public IEnumerable<Option> Options => [_model, _layers, _tokens, _warmups, _prompts, _repetitions, _noFlash, _method];

        public OnDeviceOptions Apply(OnDeviceOptions defaults, ParseResult parse)
        {
            var shape = defaults.Shape;
            if (parse.GetValue(_model) is { } name)
                shape = ModelShapes.TryGet(name, out var found) ? found : throw new UsageException($"--model: unknown model '{name}' (known: {ModelShapes.NameList})");
            if (parse.GetValue(_layers) is { } layers)
            {
                var full = ModelShapes.All.FirstOrDefault(s => s.Name == (shape.ScaledFrom ?? shape.Name)) ?? shape;
                shape = layers >= 1 && layers <= full.Layers ? full.WithLayers(layers) : throw new UsageException($"--layers: {layers} is not from 1 to {full.Layers}");
            }
            return defaults with
            {
                Shape = shape,
                Tokens = parse.GetValue(_tokens) ?? defaults.Tokens,
                Warmups = parse.GetValue(_warmups) ?? defaults.Warmups,
                Prompts = parse.GetValue(_prompts) is { } prompts ? ValueParsers.PositiveInts(prompts, "--prompts", max: 8192) : defaults.Prompts,
                Repetitions = parse.GetValue(_repetitions) ?? defaults.Repetitions,
                Flash = !parse.GetValue(_noFlash) && defaults.Flash,
                Method = parse.GetValue(_method) is { } method ? ValueParsers.Method(method, "--method") : defaults.Method,
            };
        }
    }
}
