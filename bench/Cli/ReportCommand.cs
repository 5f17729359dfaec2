using System.CommandLine;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Results;
using FlashBench.Reporting.Readme;

namespace FlashBench.Bench.Cli;

/// <summary>`report &lt;run-dir&gt; [--readme README.md]`: regenerates every chart and REPORT.md of a run;
/// with --readme, also splices the run's tables into the README's flashbench markers.</summary>
public sealed class ReportCommand : ICliCommand
{
    public Command Build()
    {
        var runDirectory = new Argument<string>("run-dir") { Description = "A results/<run-id> folder" };
        var readme = new Option<string?>("--readme") { Description = "README.md whose <!-- flashbench:begin NAME --> … end markers get this run's tables" };
        var command = new Command("report", "Regenerate the charts and REPORT.md of a run directory");
        command.Arguments.Add(runDirectory);
        command.Options.Add(readme);
        command.SetAction(parse =>
        {
            var run = RunDirectory.Open(parse.GetValue(runDirectory)!);
            var report = ExperimentHost.Report(run);
            if (parse.GetValue(readme) is { } readmePath)
            {
                var update = ReadmeUpdate.ApplyToFile(readmePath, report.Tables ?? new Dictionary<string, string>());
                Console.WriteLine($"readme: updated {(update.Updated.Count == 0 ? "no table" : string.Join(", ", update.Updated))} in {readmePath}");
                if (update.WithoutMarkers.Count > 0)
                    Console.WriteLine($"readme: no markers for {string.Join(", ", update.WithoutMarkers)}");
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
