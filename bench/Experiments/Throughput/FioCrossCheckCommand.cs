using System.CommandLine;
using FlashBench.Bench.Cli;
using FlashBench.Bench.Hosting;
using FlashBench.Core.CrossCheck;
using FlashBench.Core.Results;

namespace FlashBench.Bench.Experiments.Throughput;

/// <summary>`fio RUN_DIR`: runs fio (psync, direct=1) at the direct-method points of a throughput run.</summary>
public sealed class FioCrossCheckCommand : ICliCommand
{
    public Command Build()
    {
        var runDir = new Argument<string>("run-dir") { Description = "A results/<run-id> folder holding throughput.csv and run.json" };
        var rounds = new Option<int?>("--rounds") { Description = $"Rounds per point, each fio + FlashBench + fio (default {PairedPoint.DefaultRounds}; {PairedPoint.QuickRounds} with --quick)" };
        var runtime = new Option<double?>("--runtime") { Description = $"Seconds each of the three reads per round (default {PairedPoint.DefaultRuntime.TotalSeconds:0}; {PairedPoint.QuickRuntime.TotalSeconds:0} with --quick)" };
        var quick = new Option<bool>("--quick") { Description = "Fewer, shorter rounds (smoke runs)" };
        var command = new Command("fio", "Cross-check the direct and io_uring methods against fio (psync; io_uring at the same depth), with an fio-vs-fio control, on the same file and grid (writes fio.csv; needs fio)")
        {
            runDir, rounds, runtime, quick,
        };
        command.SetAction(parse =>
        {
            bool isQuick = parse.GetValue(quick);
            int roundCount = parse.GetValue(rounds) ?? (isQuick ? PairedPoint.QuickRounds : PairedPoint.DefaultRounds);
            double seconds = parse.GetValue(runtime) ?? (isQuick ? PairedPoint.QuickRuntime : PairedPoint.DefaultRuntime).TotalSeconds;
            if (roundCount is < 2 or > 100)
                throw new UsageException("--rounds must be from 2 to 100 (the fio ÷ fio band needs two control ratios)");
            if (seconds is < 1 or > 600)
                throw new UsageException("--runtime must be between 1 and 600 seconds");
            if (FioProcess.Version() is null)
                throw new UsageException($"fio is not installed; {FioProcess.InstallHint}");
            var run = RunDirectory.Open(parse.GetValue(runDir)!);
            using var cancellation = ConsoleCancellation.Create();
            FioCrossCheck.Run(run, roundCount, TimeSpan.FromSeconds(seconds), cancellation.Token);
            ExperimentHost.Report(run);
            return ExitCodes.Success;
        });
        return command;
    }
}
