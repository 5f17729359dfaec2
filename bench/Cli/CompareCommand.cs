using System.CommandLine;
using System.Globalization;
using FlashBench.Reporting.Comparison;

namespace FlashBench.Bench.Cli;

/// <summary>`compare &lt;base-run-dir&gt; &lt;diff-run-dir&gt; [--threshold 5%] [--noise V] [--out DIR]`: exit 0 when
/// nothing regressed, 1 when a measurement is slower beyond the threshold, 2 for bad input or nothing to compare.
/// Either side may list several run directories separated by commas (rounds of one build); their samples are pooled.</summary>
public sealed class CompareCommand : ICliCommand
{
    public Command Build()
    {
        var baseRuns = new Argument<string>("base-run-dir") { Description = "Baseline run directory (or several, comma-separated: rounds, pooled)" };
        var diffRuns = new Argument<string>("diff-run-dir") { Description = "Run directory to judge against the baseline (or several, comma-separated)" };
        var threshold = new Option<string>("--threshold")
        {
            Description = "Relative difference that counts, e.g. 5% or 0.05",
            DefaultValueFactory = _ => "5%",
        };
        var noise = new Option<string?>("--noise") { Description = "Absolute noise floor in each metric's unit (default per experiment: 1 MB/s, 0.01 ms, 0.001 GB/s)" };
        var output = new Option<string?>("--out") { Description = "Folder for compare.md and compare.csv (default: the first diff run directory)" };
        var command = new Command("compare", "Compare two runs with a Mann–Whitney test; exit 1 on a regression");
        command.Arguments.Add(baseRuns);
        command.Arguments.Add(diffRuns);
        command.Options.Add(threshold);
        command.Options.Add(noise);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            var options = new ComparisonOptions(
                ComparisonOptions.ParseRelative(parse.GetValue(threshold)!) ?? throw new UsageException($"--threshold: '{parse.GetValue(threshold)}' is not a fraction such as 5% or 0.05"),
                ParseNoise(parse.GetValue(noise)));
            var baseline = Split(parse.GetValue(baseRuns)!);
            var diff = Split(parse.GetValue(diffRuns)!);
            var comparison = RunComparer.Compare(baseline, diff, options);
            if (comparison.Measurements.Count == 0)
                throw new UsageException($"nothing to compare: the runs share no measurement ({comparison.Unmatched.Count} unmatched)");
            var (markdown, csv) = ComparisonFiles.Write(comparison, parse.GetValue(output) ?? diff[0]);
            Console.WriteLine(ComparisonMarkdown.Format(comparison));
            Console.WriteLine($"compare: {markdown}, {csv}");
            return comparison.HasRegression ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    private static List<string> Split(string text) => ValueParsers.Split(text).ToList() is { Count: > 0 } list
        ? list
        : throw new UsageException("a run directory argument is empty");

    private static double? ParseNoise(string? text) =>
        text is null ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0 ? value
        : throw new UsageException($"--noise: '{text}' is not a non-negative number");
}
