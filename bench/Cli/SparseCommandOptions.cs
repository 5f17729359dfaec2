using System.CommandLine;
using FlashBench.Bench.Experiments;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;

namespace FlashBench.Bench.Cli;

/// <summary>The options every sparse experiment command (windowing, bundling, memory, precision) takes, and the
/// shared command body: validate everything, then create the run directory, measure, and build the report.</summary>
public sealed class SparseCommandOptions
{
    private readonly Option<bool> _quick = CommonOptions.Quick();
    private readonly Option<bool> _full = CommonOptions.Full();
    private readonly Option<string> _dataDir = CommonOptions.DataDirectory();
    private readonly Option<string> _outDir = CommonOptions.ResultsDirectory();
    private readonly Option<bool> _verify = CommonOptions.Verify();
    private readonly Option<string?> _model = new("--model") { Description = $"Model shape ({ModelShapes.NameList}); default opt-6.7b" };
    private readonly Option<int?> _layers = new("--layers") { Description = "Use the first N layers' worth of the shape (default: 4 with --quick, all otherwise)" };
    private readonly Option<string?> _precision = new("--precision") { Description = "Weight precision: fp32, fp16, int8, int4 (default fp16)" };
    private readonly Option<string?> _trace = new("--trace") { Description = "Activation trace: 'synthetic' (default, calibrated to OPT 6.7B) or a trace file (docs/trace-format.md)" };
    private readonly Option<int?> _window = new("--window") { Description = "Window k of §3.1 (default 5; 0 = no window)" };
    private readonly Option<string?> _budget = new("--dram-budget") { Description = "DRAM budget for resident neurons, e.g. 6.5G (default: half the model, §4.1)" };
    private readonly Option<int?> _threads = new("--threads") { Description = "Reader threads (default 32, as in the paper)" };
    private readonly Option<int?> _tokens = new("--tokens") { Description = "Measured tokens per case (default 3 quick, 5 standard, 16 full)" };
    private readonly Option<string?> _method = new("--method") { Description = $"Read method ({ReadMethods.NameList}); default direct" };

    /// <param name="defaultLayers">Layers to use per profile when --layers is not given (null: the profile's default).</param>
    public Command Build(string name, string description, Func<SparseSettings, SparsePreparation> prepare, Type benchmarkType,
        Func<Profile, int?>? defaultLayers = null)
    {
        var command = new Command(name, description)
        {
            _quick, _full, _model, _layers, _precision, _trace, _window, _budget, _dataDir, _outDir, _threads, _tokens, _method, _verify,
        };
        command.SetAction(parse =>
        {
            var profile = Profiles.From(parse.GetValue(_quick), parse.GetValue(_full));
            var settings = SparseSettings.Create(profile, parse.GetValue(_dataDir)!,
                parse.GetValue(_model), parse.GetValue(_layers) ?? defaultLayers?.Invoke(profile), parse.GetValue(_precision), parse.GetValue(_trace), parse.GetValue(_window),
                parse.GetValue(_budget), parse.GetValue(_threads), parse.GetValue(_tokens), parse.GetValue(_method), parse.GetValue(_verify));
            var preparation = prepare(settings);
            return StandaloneRun.Execute(parse.GetValue(_outDir)!, name, (run, token) => SparseExperiment.Run(preparation, run, token, benchmarkType));
        });
        return command;
    }

    /// <summary>The default suite's settings: the profile's defaults, optionally with another layer count.</summary>
    public static SparseSettings ForSuite(SuiteContext context, int? layers = null) =>
        SparseSettings.Create(context.Profile, context.DataDirectory, null, layers, null, null, null, null, null, null, null, false);
}
