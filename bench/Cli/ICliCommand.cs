using System.CommandLine;

namespace FlashBench.Bench.Cli;

/// <summary>A command that works on existing runs (report, compare, fio, history) rather than measuring a new one;
/// the experiments' own commands come from <see cref="Hosting.ExperimentCatalog"/>.</summary>
public interface ICliCommand
{
    Command Build();
}
