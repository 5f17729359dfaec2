using FlashBench.Core.Results;

namespace FlashBench.Bench.Cli;

/// <summary>One experiment run from its own command: a new run folder (created only after the options
/// were validated, so bad input writes nothing), Ctrl+C handling, then the charts and REPORT.md.</summary>
public static class StandaloneRun
{
    public static int Execute(string resultsRoot, string experiment, Action<RunDirectory, CancellationToken> measure)
    {
        using var cancellation = ConsoleCancellation.Create();
        var run = RunDirectory.Create(resultsRoot, RunDirectory.NewRunId(DateTime.UtcNow, experiment));
        Console.WriteLine($"results → {run.ResultsPath}");
        measure(run, cancellation.Token);
        ReportStep.Generate(run);
        return ExitCodes.Success;
    }
}
