using FlashBench.Bench.Cli;
using FlashBench.Bench.Experiments.Bundling;
using FlashBench.Bench.Experiments.Memory;
using FlashBench.Bench.Experiments.Precisions;
using FlashBench.Bench.Experiments.Windowing;
using FlashBench.Core.Weights;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Sparse;

/// <summary>Bundling's two layouts come from copies no other experiment reads: on shared files, a cache below the guest
/// held the bundled side (read by windowing, memory and precision) warm and the separate side cold.</summary>
public sealed class SparseDataFilesTests
{
    [Fact]
    public void Bundling_reads_weight_files_no_other_sparse_experiment_declares()
    {
        using var data = new TempDirectory();
        var bundling = new BundlingExperiment();
        var bundlingFiles = bundling.DataFiles(bundling.Defaults(Profile.Standard, data.Path)).Select(f => f.Path).Where(IsWeights).ToList();
        var others = new List<string>();
        var windowing = new WindowingExperiment();
        others.AddRange(windowing.DataFiles(windowing.Defaults(Profile.Standard, data.Path)).Select(f => f.Path));
        var memory = new MemoryExperiment();
        others.AddRange(memory.DataFiles(memory.Defaults(Profile.Standard, data.Path)).Select(f => f.Path));
        var precision = new PrecisionExperiment();
        others.AddRange(precision.DataFiles(precision.Defaults(Profile.Standard, data.Path)).Select(f => f.Path));

        Assert.Equal(2, bundlingFiles.Count);
        Assert.All(bundlingFiles, f => Assert.EndsWith($"-{BundlingExperiment.OwnFileSeed:x16}.bin", f, StringComparison.Ordinal));
        Assert.Empty(bundlingFiles.Intersect(others));
        Assert.Contains(others, f => f.EndsWith($"-{WeightFileGenerator.DefaultSeed:x16}.bin", StringComparison.Ordinal) && f.Contains("bundled", StringComparison.Ordinal));
    }

    private static bool IsWeights(string path) => Path.GetFileName(path).StartsWith("flashbench-ffn-", StringComparison.Ordinal);
}
