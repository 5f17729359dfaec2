using FlashBench.Bench.Hosting;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Weights;
using FlashBench.Core.Models;
using FlashBench.Core.Weights;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>The files a latency run reads, per model: the attention file of its sampled layers and the separate and
/// bundled FFN files of a shape cut to that many layers (as <see cref="LatencyExperiment"/> opens them), and for a model with
/// a dense ring (<see cref="LatencyOptions.DenseRingModels"/>) its full-depth separate FFN file of its own (<see cref="DenseRingSeed"/>) and attention file,
/// and the full-depth separate and bundled files its sparse configurations load from (<see cref="SparseRingSeed"/>). With several
/// read methods, every method after the first has FFN files of its own (<see cref="FfnSeed"/>).</summary>
public static class LatencyDataFiles
{
    /// <summary>The seed of the FFN files method <paramref name="methodIndex"/> of a run reads: the default for the first,
    /// another per further method. The methods' engines generate the same tokens side by side; on one file the second to
    /// read a token would read the blocks the first just read, which a cache below the VM serves (README: 594 MB/s cold,
    /// 1951 MB/s re-read), so each method reads a copy of its own.</summary>
    public static ulong FfnSeed(int methodIndex) => WeightFileGenerator.DefaultSeed + (ulong)methodIndex;

    /// <summary>The seed of the dense ring's full-depth FFN file. The bundling experiment's separate case reads the
    /// full-depth separate file of the default seed; a ring over the same file would read all of it every latency run, so
    /// a later bundling run would find its separate side in a cache below the VM and its bundled side not (README:
    /// bundling 1.68× before a latency run, 1.16× right after it). The ring reads a copy no other case reads.</summary>
    public const ulong DenseRingSeed = WeightFileGenerator.DefaultSeed + 0x100;

    /// <summary>The seed of the full-depth separate and bundled files the sparse configurations load from on a model with
    /// a dense ring (<see cref="Core.Inference.Engine.SparseRing"/>): copies of their own, not the bundling experiment's
    /// files, whose next run would find a part of them in a cache below the VM (its separate side more than its bundled),
    /// nor the dense ring's, which Naive and Hybrid read whole every run.</summary>
    public const ulong SparseRingSeed = WeightFileGenerator.DefaultSeed + 0x101;

    public static IReadOnlyList<DataFile> For(LatencyOptions options) => options.Models.SelectMany(model =>
    {
        var shape = options.RunShape(model);
        var layers = LayerKinds.Sample(shape, options.LayerSample);
        var fileShape = shape.WithLayers(layers.Count);
        var files = new List<DataFile>
        {
            Attention(options.DataDirectory, shape, layers),
            DataFile.Weights(options.DataDirectory, fileShape, Precision.Fp16, WeightLayout.Separate),
            DataFile.Weights(options.DataDirectory, fileShape, Precision.Fp16, WeightLayout.Bundled),
        };
        for (int m = 1; m < (options.Methods?.Count ?? 1); m++)
        {
            files.Add(DataFile.Weights(options.DataDirectory, fileShape, Precision.Fp16, WeightLayout.Separate, FfnSeed(m)));
            files.Add(DataFile.Weights(options.DataDirectory, fileShape, Precision.Fp16, WeightLayout.Bundled, FfnSeed(m)));
        }
        if (options.UsesDenseRing(model))
        {
            files.Add(DataFile.Weights(options.DataDirectory, shape, Precision.Fp16, WeightLayout.Separate, DenseRingSeed));
            files.Add(Attention(options.DataDirectory, shape, RingLayers(shape)));
            files.Add(DataFile.Weights(options.DataDirectory, shape, Precision.Fp16, WeightLayout.Separate, SparseRingSeed));
            files.Add(DataFile.Weights(options.DataDirectory, shape, Precision.Fp16, WeightLayout.Bundled, SparseRingSeed));
        }
        return files;
    }).ToList();

    /// <summary>Every layer of the shape: the dense ring's attention file holds them all.</summary>
    public static IReadOnlyList<int> RingLayers(ModelShape shape) => Enumerable.Range(0, shape.Layers).ToList();

    private static DataFile Attention(string dataDirectory, ModelShape shape, IReadOnlyList<int> layers)
    {
        var attention = AttentionFile.Locate(dataDirectory, shape, layers, SyntheticModel.DefaultSeed);
        return new DataFile(attention.Path, attention.Bytes, attention.Present, _ => AttentionFile.Ensure(dataDirectory, shape, layers, SyntheticModel.DefaultSeed));
    }
}
