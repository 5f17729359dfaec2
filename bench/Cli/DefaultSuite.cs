using FlashBench.Core.Results;

namespace FlashBench.Bench.Cli;

/// <summary>`dotnet run -c Release --project bench`: every suite experiment into one run directory, then the report.</summary>
public static class DefaultSuite
{
    public static int Run(IReadOnlyList<ISuiteExperiment> experiments, Profile profile, string dataDirectory, string resultsRoot)
    {
        using var cancellation = ConsoleCancellation.Create();
        var run = RunDirectory.Create(resultsRoot, RunDirectory.NewRunId(DateTime.UtcNow, profile == Profile.Standard ? null : profile.Name()));
        Console.WriteLine($"FlashBench default suite ({profile.Name()} profile): {string.Join(", ", experiments.Select(e => e.Name))}");
        Console.WriteLine($"results → {run.ResultsPath}");
        var context = new SuiteContext(run, profile, dataDirectory, cancellation.Token);
        foreach (var experiment in experiments)
        {
            cancellation.Token.ThrowIfCancellationRequested();
            Console.WriteLine($"== {experiment.Name} ==");
            experiment.RunInSuite(context);
        }
        ReportStep.Generate(run);
        Console.WriteLine($"results: {run.ResultsPath}");
        Console.WriteLine($"plots:   {run.PlotsPath}");
        return ExitCodes.Success;
    }
}
