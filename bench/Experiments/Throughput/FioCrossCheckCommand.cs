using System.CommandLine;
using FlashBench.Bench.Cli;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Results;

namespace FlashBench.Bench.Experiments.Throughput;

/// <summary>`fio RUN_DIR`: runs fio (psync, direct=1) at the direct-method points of a throughput run.</summary>
public sealed class FioCrossCheckCommand : ICliCommand
{
    public Command Build()
    {
        var runDir = new Argument<string>("run-dir") { Description = "A results/<run-id> folder holding throughput.csv and run.json" };
        var runtime = new Option<double>("--runtime") { Description = "Seconds fio reads at each grid point", DefaultValueFactory = _ => 3 };
        var command = new Command("fio", "Cross-check the direct method against fio on the same file and grid (writes fio.csv; needs fio)") { runDir, runtime };
        command.SetAction(parse =>
        {
            double seconds = parse.GetValue(runtime);
            if (seconds is < 1 or > 600)
                throw new UsageException("--runtime must be between 1 and 600 seconds");
            var run = RunDirectory.Open(parse.GetValue(runDir)!);
            using var cancellation = ConsoleCancellation.Create();
            FioCrossCheck.Run(run, TimeSpan.FromSeconds(seconds), cancellation.Token);
            ExperimentHost.Report(run);
            return ExitCodes.Success;
        });
        return command;
    }
}
