using FlashBench.Bench.Hosting;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Weights;
using FlashBench.Core.Models;
using FlashBench.Core.Weights;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>The files a latency run reads, per model: the attention file of its sampled layers and the separate and
/// bundled FFN files of a shape cut to that many layers (as <see cref="LatencyExperiment"/> opens them).</summary>
public static class LatencyDataFiles
{
    public static IReadOnlyList<DataFile> For(LatencyOptions options) => options.Models.SelectMany(model =>
    {
        var shape = options.RunShape(model);
        var layers = LayerKinds.Sample(shape, options.LayerSample);
        var fileShape = shape.WithLayers(layers.Count);
        var attention = AttentionFile.Locate(options.DataDirectory, shape, layers, SyntheticModel.DefaultSeed);
        return new[]
        {
            new DataFile(attention.Path, attention.Bytes, attention.Present, _ => AttentionFile.Ensure(options.DataDirectory, shape, layers, SyntheticModel.DefaultSeed)),
            DataFile.Weights(options.DataDirectory, fileShape, Precision.Fp16, WeightLayout.Separate),
            DataFile.Weights(options.DataDirectory, fileShape, Precision.Fp16, WeightLayout.Bundled),
        };
    }).ToList();
}
