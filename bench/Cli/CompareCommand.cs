using FlashBench.Bench.Hosting;
using System.CommandLine;
using FlashBench.Core.Results;
using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.Comparison.Lockstep;

namespace FlashBench.Bench.Cli;

/// <summary>`compare &lt;base-runs&gt; &lt;head-runs&gt; [--min-effect 5%] [--point-min-effect 10%] [--allow-different] [--out DIR]`.
/// Each side is one run directory or several, comma-separated, in round order: an experiment's rounds are the passes of
/// the runs that hold its file (so a round of compare-commits may be one run directory per experiment command).
/// An experiment with one round per side is listed as not judged and fails nothing.
/// Exit 0: no judged family regressed; 1: a family regressed (named, with its worst points); 2: nothing could be judged
/// (every experiment one round per side, or no usable rounds), or bad or incomparable input (partial run, malformed CSV,
/// different run.json conditions, measurements on one side only).</summary>
public sealed class CompareCommand : ICliCommand
{
    public Command Build()
    {
        var baseRuns = new Argument<string?>("base-runs") { Description = "Baseline run directories, comma-separated, in round order (may be left out with --lockstep)", Arity = ArgumentArity.ZeroOrOne };
        var headRuns = new Argument<string?>("head-runs") { Description = "Run directories to judge against the baseline, comma-separated, in the same round order", Arity = ArgumentArity.ZeroOrOne };
        var lockstep = new Option<string?>("--lockstep") { Description = "lockstep.csv of `flashbench lockstep`: micro benchmarks measured in alternating slices, judged as gates too" };
        var minEffect = new Option<string>("--min-effect")
        {
            Description = "Smallest geometric-mean slowdown of a family that fails the comparison, e.g. 5% or 0.05",
            DefaultValueFactory = _ => "5%",
        };
        var pointMinEffect = new Option<string>("--point-min-effect")
        {
            Description = "Smallest slowdown the per-point report calls slower or faster",
            DefaultValueFactory = _ => "10%",
        };
        var allowDifferent = new Option<bool>("--allow-different")
        {
            Description = "Compare runs whose run.json differs in profile, file size, device, file system, read-ahead, kernel or CPU (the report says so at the top)",
        };
        var output = new Option<string?>("--out") { Description = "Folder for compare.md and compare.csv (default: the first head run directory)" };
        var command = new Command("compare", "Compare two sets of runs round by round (a run's passes are rounds); exit 1 when a family regressed");
        command.Arguments.Add(baseRuns);
        command.Arguments.Add(headRuns);
        command.Options.Add(minEffect);
        command.Options.Add(pointMinEffect);
        command.Options.Add(allowDifferent);
        command.Options.Add(output);
        command.Options.Add(lockstep);
        command.SetAction(parse =>
        {
            var options = new ComparisonOptions(
                MinEffect: Fraction(parse.GetValue(minEffect)!, "--min-effect"),
                PointMinEffect: Fraction(parse.GetValue(pointMinEffect)!, "--point-min-effect"),
                AllowDifferent: parse.GetValue(allowDifferent));
            string? lockstepFile = parse.GetValue(lockstep);
            var slices = lockstepFile is null ? [] : CsvFiles.Read<SliceRow>(lockstepFile);
            if (lockstepFile is not null && slices.Count == 0)
                throw new UsageException($"--lockstep: {lockstepFile} has no slice pairs");
            string? baseText = parse.GetValue(baseRuns), headText = parse.GetValue(headRuns);
            if (headText is null && (lockstepFile is null || baseText is not null))
                throw new UsageException("give both base-runs and head-runs (or neither, with --lockstep)");
            var head = headText is null ? [] : Split(headText);
            var report = RunComparer.Compare(baseText is null ? [] : Split(baseText), head, options, ExperimentCatalog.Comparisons, slices);
            string folder = parse.GetValue(output) ?? (head.Count > 0 ? head[0] : Path.GetDirectoryName(Path.GetFullPath(lockstepFile!))!);
            var (markdown, csv) = ComparisonFiles.Write(report, folder);
            Console.WriteLine(ComparisonMarkdown.Gates(report));
            Console.WriteLine($"compare: {markdown}, {csv}");
            foreach (var family in report.Families.Where(f => f.Verdict == FamilyVerdict.Inconclusive))
                Console.Error.WriteLine($"compare: inconclusive: {family.Family} ×{family.Slowdown:0.000} (bounds {family.Lower:0.000}–{family.Upper:0.000}) — " +
                    ComparisonMarkdown.MoreRounds(family.RoundsInAll, family.Rounds));
            foreach (var family in report.Lockstep.Where(f => f.Verdict == FamilyVerdict.Regressed))
                Console.Error.WriteLine($"compare: regressed: {family.Family}: {LockstepMarkdown.Verdict(family, options.MinEffect)}");
            foreach (var family in report.RegressedFamilies)
                Console.Error.WriteLine($"compare: regressed: {family.Family} ×{family.Slowdown:0.000} (bounds {family.Lower:0.000}–{family.Upper:0.000}); worst: " +
                    string.Join("; ", family.WorstPoints.Select(p => $"{p.Measurement.Point} ×{p.Slowdown:0.000}")
                        .Concat(family.CountedRegressions.Select(c => $"{c.Measurement.Point} {c.Measurement.Metric} +{c.SmallestChange:0.#}"))));
            if (!report.Judged)
            {
                Console.Error.WriteLine("compare: nothing judged: no experiment has two rounds per side with usable samples");
                return ExitCodes.BadInput;
            }
            return report.Regressed ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    private static double Fraction(string text, string option) =>
        ComparisonOptions.ParseRelative(text) ?? throw new UsageException($"{option}: '{text}' is not a fraction such as 5% or 0.05");

    private static List<string> Split(string text) => ValueParsers.Split(text).ToList() is { Count: > 0 } list
        ? list
        : throw new UsageException("a run directory argument is empty");
}
