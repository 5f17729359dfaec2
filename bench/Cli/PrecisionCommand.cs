using System.CommandLine;
using FlashBench.Bench.Benchmarks;
using FlashBench.Bench.Experiments;
using FlashBench.Core.Memory;
using FlashBench.Core.Models;
using FlashBench.Core.Weights;

namespace FlashBench.Bench.Cli;

/// <summary>`precision` (beyond the paper): fp16, int8 and int4 bundles — smaller chunks, fewer bytes — effective
/// GB/s and I/O time per token, to show where smaller weights stop paying on this device.</summary>
public sealed class PrecisionCommand : ISuiteExperiment
{
    public static readonly Precision[] Precisions = [Precision.Fp16, Precision.Int8, Precision.Int4];

    /// <summary>Quick and standard runs measure precision on OPT 6.7B scaled to 4 layers: the same per-layer sizes
    /// and depth profile, without another 6.4 GB of int8/int4 files beside the two full fp16 ones (--full, or
    /// --layers 32, measures the whole model).</summary>
    public const int SuiteLayers = 4;

    public int Order => 23;

    public string Name => "precision";

    public Command Build() => new SparseCommandOptions().Build(Name,
        "Beyond the paper: fp16 vs int8 vs int4 bundles — effective throughput and I/O time per token",
        Prepare, typeof(PrecisionBenchmark), profile => profile == Profile.Full ? null : SuiteLayers);

    public void RunInSuite(SuiteContext context) =>
        SparseExperiment.Run(Prepare(SparseCommandOptions.ForSuite(context, context.Profile == Profile.Full ? null : SuiteLayers)),
            context.Run, context.Cancellation, typeof(PrecisionBenchmark));

    private SparsePreparation Prepare(SparseSettings settings) => SparseExperiment.Prepare(Name, settings,
        Precisions.Select(p => SparseCase.Of(p, WeightLayout.Bundled, settings.Window, NeuronManager.Slots)).ToList());
}
