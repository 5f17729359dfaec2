using System.CommandLine;
using FlashBench.Bench.Benchmarks;
using FlashBench.Bench.Experiments;
using FlashBench.Core.Memory;
using FlashBench.Core.Weights;

namespace FlashBench.Bench.Cli;

/// <summary>`bundling`: §3.2 — separate vs bundled layout at the same trace and window: effective GB/s and I/O time per token.</summary>
public sealed class BundlingCommand : ISuiteExperiment
{
    public int Order => 21;

    public string Name => "bundling";

    public Command Build() => new SparseCommandOptions().Build(Name,
        "§3.2 row-column bundling: separate vs bundled reads, effective throughput and I/O time per token (paper: 1.25 → 2.25 GB/s)",
        Prepare, typeof(BundlingBenchmark));

    public void RunInSuite(SuiteContext context) =>
        SparseExperiment.Run(Prepare(SparseCommandOptions.ForSuite(context)), context.Run, context.Cancellation, typeof(BundlingBenchmark));

    private SparsePreparation Prepare(SparseSettings settings) => SparseExperiment.Prepare(Name, settings,
        [SparseCase.Of(settings.Precision, WeightLayout.Separate, settings.Window, NeuronManager.Slots),
         SparseCase.Of(settings.Precision, WeightLayout.Bundled, settings.Window, NeuronManager.Slots)]);
}
