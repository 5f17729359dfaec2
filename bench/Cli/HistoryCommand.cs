using FlashBench.Bench.Hosting;
using System.CommandLine;
using System.Text.RegularExpressions;
using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.History;

namespace FlashBench.Bench.Cli;

/// <summary>`history add &lt;run-dir&gt;…`, `history show &lt;measurement&gt;`, `history check`: the results history in an
/// SQLite file (default history.db beside results/; --db overrides). add stores each finished run's per-round
/// medians by testbed and commit; show charts a measurement over commits and prints its table; check runs change-point
/// detection over every series and exits 1 when a level shifted for the worse.</summary>
public sealed partial class HistoryCommand : ICliCommand
{
    private const int MaxSeriesShown = 8;

    public int Order => 920;

    public Command Build()
    {
        var command = new Command("history", "Record runs in the results history, chart a measurement over commits, find the commits where a level shifted");
        command.Subcommands.Add(Add());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Check());
        return command;
    }

    private static Option<string?> Database() => new("--db")
    {
        Description = $"History database file (default: {HistoryDatabase.DefaultFileName} beside the results/ folder)",
    };

    private static Command Add()
    {
        var runs = new Argument<string[]>("run-dirs") { Description = "Finished run directories (results/<run-id>)", Arity = ArgumentArity.OneOrMore };
        var db = Database();
        var command = new Command("add", "Store the runs' per-round medians, keyed by testbed and commit (a run added again is replaced)");
        command.Arguments.Add(runs);
        command.Options.Add(db);
        command.SetAction(parse =>
        {
            var directories = parse.GetValue(runs)!;
            var read = directories.Select(d => HistoryRun.Read(d, ExperimentCatalog.Comparisons)).ToList(); // all validated before anything is written
            string path = parse.GetValue(db) ?? HistoryDatabase.DefaultPath(directories[0]);
            using var database = HistoryDatabase.Open(path, create: true);
            foreach (var run in read)
                Console.WriteLine($"history: {run.Facts.Directory}: {database.Add(run)} rounds of {run.Measurements.Count} measurements, commit {run.Facts.Commit}, testbed {run.Facts.Testbed.Key}");
            Console.WriteLine($"history: {path}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show()
    {
        var measurement = new Argument<string>("measurement") { Description = "Measurement name or part of it, e.g. \"method=direct, chunk_bytes=32768, threads=1\"" };
        var db = Database();
        var output = new Option<string?>("--out") { Description = "Folder for the chart (default: plots/history beside the database)" };
        var command = new Command("show", "Chart a measurement over commits (PNG and SVG) and print its table");
        command.Arguments.Add(measurement);
        command.Options.Add(db);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            string path = parse.GetValue(db) ?? HistoryDatabase.DefaultPath();
            using var database = HistoryDatabase.Open(path, create: false);
            string text = parse.GetValue(measurement)!;
            var all = HistorySeries.From(database.Rounds());
            var exact = all.Where(s => string.Equals(s.Measurement.Name, text, StringComparison.OrdinalIgnoreCase)).ToList();
            var matches = exact.Count > 0 ? exact : all.Where(s => s.Measurement.Key.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();
            if (matches.Count == 0)
                throw new UsageException($"no measurement in {path} matches '{text}'");
            if (matches.Count > MaxSeriesShown)
                throw new UsageException($"'{text}' matches {matches.Count} series (e.g. {string.Join("; ", matches.Take(3).Select(s => s.Measurement.Name))}); narrow it to at most {MaxSeriesShown}");
            foreach (var series in matches)
                Console.WriteLine(HistoryTables.Series(series));
            string folder = parse.GetValue(output) ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "plots", "history");
            // One chart per metric: time and allocations of one benchmark share a name but not a unit.
            foreach (var metric in matches.GroupBy(s => s.Measurement.Metric))
            {
                var files = HistoryChart.Save(metric.ToList(), Path.Combine(folder, Slug($"{metric.First().Measurement.Name} {metric.Key}")));
                Console.WriteLine($"history: {string.Join(", ", files)}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Check()
    {
        var db = Database();
        var magnitude = new Option<string>("--min-magnitude")
        {
            Description = "Smallest level shift to report, e.g. 5% or 0.05",
            DefaultValueFactory = _ => "5%",
        };
        var command = new Command("check", "Find the commits where a measurement's level shifted (ED-PELT change points); exit 1 when one got worse");
        command.Options.Add(db);
        command.Options.Add(magnitude);
        command.SetAction(parse =>
        {
            double minimum = ComparisonOptions.ParseRelative(parse.GetValue(magnitude)!)
                ?? throw new UsageException($"--min-magnitude: '{parse.GetValue(magnitude)}' is not a fraction such as 5% or 0.05");
            string path = parse.GetValue(db) ?? HistoryDatabase.DefaultPath();
            using var database = HistoryDatabase.Open(path, create: false);
            var series = HistorySeries.From(database.Rounds());
            var shifts = series.SelectMany(s => LevelShifts.Detect(s, minimum)).ToList();
            Console.WriteLine($"history: {series.Count} series over {series.SelectMany(s => s.Commits).Select(c => c.Commit).Distinct().Count()} commits in {path}");
            if (shifts.Count == 0)
            {
                Console.WriteLine("history: no level shift of at least the minimum magnitude");
                return ExitCodes.Success;
            }
            Console.WriteLine(HistoryTables.Shifts(shifts));
            return shifts.Any(s => s.Worse) ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }

    private static string Slug(string name) => "history-" + NotWordCharacters().Replace(name.ToLowerInvariant(), "-").Trim('-');

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotWordCharacters();
}
