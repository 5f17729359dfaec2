using System.CommandLine;

namespace FlashBench.Bench.Cli;

/// <summary>A sub-command of the flashbench program. Implementations are found by reflection, so an
/// experiment adds one file and touches no shared list.</summary>
public interface ICliCommand
{
    /// <summary>Position in --help (and, for <see cref="ISuiteExperiment"/>, in the default suite).</summary>
    int Order { get; }

    Command Build();
}

/// <summary>An experiment that the default suite (no arguments) runs, in <see cref="ICliCommand.Order"/>.</summary>
public interface ISuiteExperiment : ICliCommand
{
    string Name { get; }

    void RunInSuite(SuiteContext context);
}

/// <summary>What the default suite hands each experiment: one run directory for all of them, the profile, the data folder.</summary>
public sealed record SuiteContext(FlashBench.Core.Results.RunDirectory Run, Profile Profile, string DataDirectory, CancellationToken Cancellation);
