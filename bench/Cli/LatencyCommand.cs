using System.CommandLine;
using System.Globalization;
using FlashBench.Bench.Experiments.Latency;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;

namespace FlashBench.Bench.Cli;

/// <summary>`latency`: per-token inference from flash with real reads and compute (paper Tables 2 and 3).</summary>
public sealed class LatencyCommand : ISuiteExperiment
{
    public int Order => 30;

    public string Name => "latency";

    public Command Build()
    {
        var quick = CommonOptions.Quick();
        var full = CommonOptions.Full();
        var dataDir = CommonOptions.DataDirectory();
        var outDir = CommonOptions.ResultsDirectory();
        var model = new Option<string?>("--model") { Description = $"Models, comma-separated: {string.Join(", ", ModelShapes.PaperModels.Select(m => m.Name))} (default: all five)" };
        var config = new Option<string?>("--config") { Description = $"Configurations, comma-separated: {InferenceConfigs.NameList} (default: all)" };
        var tokens = new Option<string?>("--tokens") { Description = "Tokens generated per iteration (more than the window k; default 10 quick, 12 standard)" };
        var dram = new Option<string?>("--dram-budget") { Description = "Hybrid's DRAM share of the model, 0.5 or 50% (default: the paper's, half; Phi-2 65%)" };
        var layers = new Option<string?>("--layers") { Description = "Layers run per model, evenly spaced (the rest extrapolated; default 2)" };
        var iterations = new Option<string?>("--iterations") { Description = "Measured iterations per case (default 1)" };
        var trace = new Option<string?>("--trace") { Description = "Imported activation trace (flashbench-trace text format) instead of the synthetic one; one --model. With FILE.hidden beside it (hidden states), the §3.1 predictor is fitted per layer: predictor_fit.csv" };
        var method = new Option<string?>("--method") { Description = $"Read method: {ReadMethods.NameList} (default: direct where O_DIRECT works, else buffered)" };

        var command = new Command("latency", "Per-token latency from flash with real reads and compute: Naive, Hybrid, +Predictor, +Windowing, All (paper Tables 2 and 3)")
        {
            quick, full, model, config, tokens, dram, layers, iterations, method, trace, dataDir, outDir,
        };
        command.SetAction(parse =>
        {
            var profile = Profiles.From(parse.GetValue(quick), parse.GetValue(full));
            var options = Override(LatencyOptions.ForProfile(profile, parse.GetValue(dataDir)!), parse.GetValue(model), parse.GetValue(config),
                parse.GetValue(tokens), parse.GetValue(dram), parse.GetValue(layers), parse.GetValue(iterations), parse.GetValue(method))
                with { TracePath = parse.GetValue(trace) };
            options.Validate();
            return StandaloneRun.Execute(parse.GetValue(outDir)!, "latency", (run, token) => LatencyExperiment.Run(options, run, token));
        });
        return command;
    }

    public void RunInSuite(SuiteContext context)
    {
        var options = LatencyOptions.ForProfile(context.Profile, context.DataDirectory);
        options.Validate();
        LatencyExperiment.Run(options, context.Run, context.Cancellation);
    }

    internal static LatencyOptions Override(LatencyOptions options, string? models, string? configs, string? tokens, string? dram,
        string? layers, string? iterations, string? method)
    {
        if (models is not null)
        {
            options = options with
            {
                Models = ValueParsers.Split(models).Select(name => ModelShapes.TryGet(name, out var shape) && shape != ModelShapes.Tiny
                    ? shape
                    : throw new UsageException($"--model: unknown model '{name}' (known: {string.Join(", ", ModelShapes.PaperModels.Select(m => m.Name))})")).Distinct().ToList(),
            };
        }
        if (configs is not null)
        {
            options = options with
            {
                Configs = ValueParsers.Split(configs).Select(name => InferenceConfigs.TryParse(name, out var c)
                    ? c
                    : throw new UsageException($"--config: unknown configuration '{name}' (known: {InferenceConfigs.NameList})")).Distinct().Order().ToList(),
            };
        }
        if (tokens is not null)
            options = options with { Tokens = One(tokens, "--tokens", 2048) };
        if (layers is not null)
            options = options with { LayerSample = One(layers, "--layers", 64) };
        if (iterations is not null)
            options = options with { Iterations = One(iterations, "--iterations", 100) };
        if (dram is not null)
            options = options with { DramFraction = Fraction(dram) };
        if (method is not null)
        {
            options = options with
            {
                Method = ReadMethods.TryParse(method, out var m) ? m : throw new UsageException($"--method: unknown method '{method}' (known: {ReadMethods.NameList})"),
            };
        }
        return options;
    }

    private static int One(string text, string option, int max)
    {
        var values = ValueParsers.PositiveInts(text, option, max);
        return values.Count == 1 ? values[0] : throw new UsageException($"{option}: give one number, not '{text}'");
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
