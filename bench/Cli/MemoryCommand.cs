using System.CommandLine;
using FlashBench.Bench.Benchmarks;
using FlashBench.Bench.Experiments;
using FlashBench.Core.Memory;
using FlashBench.Core.Weights;

namespace FlashBench.Bench.Cli;

/// <summary>`memory`: §3.3 — preallocated slot matrix vs a matrix rebuilt every token: time and bytes copied per token.</summary>
public sealed class MemoryCommand : ISuiteExperiment
{
    public int Order => 22;

    public string Name => "memory";

    public Command Build() => new SparseCommandOptions().Build(Name,
        "§3.3 memory management: preallocated slots (delete = move last row, insert = append) vs a matrix rebuilt every token",
        Prepare, typeof(MemoryBenchmark));

    public void RunInSuite(SuiteContext context) =>
        SparseExperiment.Run(Prepare(SparseCommandOptions.ForSuite(context)), context.Run, context.Cancellation, typeof(MemoryBenchmark));

    private SparsePreparation Prepare(SparseSettings settings) => SparseExperiment.Prepare(Name, settings,
        NeuronManagers.All.Select(m => SparseCase.Of(settings.Precision, WeightLayout.Bundled, settings.Window, m)).ToList());
}
