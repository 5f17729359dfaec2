using FlashBench.Bench.Experiments.Latency;
using FlashBench.Bench.Cli;
using FlashBench.Core.Models;
using FlashBench.Core.Weights;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Inference;

public sealed class LatencyDataFilesTests
{
    [Fact]
    public void The_standard_profile_declares_opt_s_full_depth_ring_files_and_no_other_model_s()
    {
        using var data = new TempDirectory();
        var options = LatencyOptions.ForProfile(Profile.Standard, data.Path);

        var files = LatencyDataFiles.For(options).Select(f => Path.GetFileName(f.Path)).ToList();

        var fullOpt = new WeightFileFormat(ModelShapes.Opt6_7B, Precision.Fp16, WeightLayout.Separate);
        // the ring's FFN file is a copy of its own: the bundling experiment's separate case reads the default one
        Assert.Contains(Path.GetFileName(WeightFileGenerator.PathFor(data.Path, fullOpt, LatencyDataFiles.DenseRingSeed)), files);
        Assert.DoesNotContain(Path.GetFileName(WeightFileGenerator.PathFor(data.Path, fullOpt)), files);
        Assert.Contains(files, f => f.StartsWith("flashbench-attn-opt-6.7b-l0-1-2-", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.StartsWith("flashbench-attn-phi-2-l0-1-2-", StringComparison.Ordinal));
        // the sparse configurations' full-depth files are copies of their own too: the bundling experiment reads the default ones
        var fullOptBundled = new WeightFileFormat(ModelShapes.Opt6_7B, Precision.Fp16, WeightLayout.Bundled);
        Assert.Contains(Path.GetFileName(WeightFileGenerator.PathFor(data.Path, fullOpt, LatencyDataFiles.SparseRingSeed)), files);
        Assert.Contains(Path.GetFileName(WeightFileGenerator.PathFor(data.Path, fullOptBundled, LatencyDataFiles.SparseRingSeed)), files);
        Assert.DoesNotContain(Path.GetFileName(WeightFileGenerator.PathFor(data.Path, fullOptBundled)), files);
        Assert.Equal(5 * 3 + 4, files.Count);
    }

    [Fact]
    public void The_quick_profile_and_dense_ring_none_declare_no_ring()
    {
        using var data = new TempDirectory();
        var quick = LatencyOptions.ForProfile(Profile.Quick, data.Path);
        var none = LatencyOptions.ForProfile(Profile.Standard, data.Path) with { DenseRingModels = new HashSet<string>() };

        Assert.Equal(5 * 3, LatencyDataFiles.For(quick).Count);
        Assert.Equal(5 * 3, LatencyDataFiles.For(none).Count);
    }
}
