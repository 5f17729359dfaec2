using System.CommandLine;
using FlashBench.Bench.Benchmarks;
using FlashBench.Bench.Experiments;
using FlashBench.Core.Memory;
using FlashBench.Core.Weights;

namespace FlashBench.Bench.Cli;

/// <summary>`windowing`: §3.1, Fig. 4 — neurons and bytes loaded per token, I/O time and DRAM held for k = 0…16.</summary>
public sealed class WindowingCommand : ISuiteExperiment
{
    /// <summary>k = 0 is the predictor alone; 4 and 5 are the paper's OPT settings (Table 3, Fig. 4); 16 shows the flattening.</summary>
    public static readonly int[] Windows = [0, 1, 2, 4, 5, 8, 16];

    public int Order => 20;

    public string Name => "windowing";

    public Command Build() => new SparseCommandOptions().Build(Name,
        "§3.1 windowing: neurons/bytes loaded per token, I/O time and DRAM held for window k = 0,1,2,4,5,8,16 (Fig. 4)",
        Prepare, typeof(WindowingBenchmark));

    public void RunInSuite(SuiteContext context) =>
        SparseExperiment.Run(Prepare(SparseCommandOptions.ForSuite(context)), context.Run, context.Cancellation, typeof(WindowingBenchmark));

    private SparsePreparation Prepare(SparseSettings settings) => SparseExperiment.Prepare(Name, settings,
        Windows.Select(k => SparseCase.Of(settings.Precision, WeightLayout.Bundled, k, NeuronManager.Slots)).ToList());
}
