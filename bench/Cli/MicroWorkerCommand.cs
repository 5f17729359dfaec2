using System.CommandLine;
using FlashBench.Bench.Experiments.Micro;
using FlashBench.Bench.Experiments.Micro.Lockstep;

namespace FlashBench.Bench.Cli;

/// <summary>`micro-worker [--data-dir DIR]`: one side of a lockstep comparison (started by `lockstep`, not by hand):
/// prepares the quick profile's micro cases and serves timed slices of them over stdin and stdout.</summary>
public sealed class MicroWorkerCommand : ICliCommand
{
    public Command Build()
    {
        var dataDirectory = new Option<string>("--data-dir")
        {
            Description = "Data folder (the read loop's file lives in /dev/shm when it exists, else under it)",
            DefaultValueFactory = _ => CommonOptions.DefaultDataDirectory,
        };
        var command = new Command("micro-worker", "Serve timed slices of the micro benchmarks on stdin/stdout (one side of `lockstep`)") { Hidden = true };
        command.Options.Add(dataDirectory);
        command.SetAction(parse =>
        {
            // stdout carries the protocol only: anything else the cases print goes to stderr
            var protocol = Console.Out;
            Console.SetOut(Console.Error);
            var options = new MicroExperiment().Defaults(Profile.Quick, parse.GetValue(dataDirectory)!);
            var filters = FamilyFilter.Parse(Environment.GetEnvironmentVariable(FamilyFilter.Variable));
            using var cases = MicroCases.Prepare(options, f => FamilyFilter.Selects(filters, f));
            foreach (string skipped in cases.Skipped)
                Console.Error.WriteLine($"micro-worker: {skipped}");
            MicroWorker.Serve(cases, Console.In, protocol);
            return ExitCodes.Success;
        });
        return command;
    }
}
