using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Models;
using FlashBench.Core.Weights;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Inference;

public sealed class SparseRingTests(TinyInferenceFiles files) : IClassFixture<TinyInferenceFiles>
{
    [Fact]
    public void A_sequence_maps_its_slots_to_consecutive_layers_that_its_key_chooses()
    {
        Assert.Equal([0, 1], SparseRing.FileLayers(32, 2, 0, 0));
        Assert.Equal([31, 0], SparseRing.FileLayers(32, 2, 0, 31));
        Assert.Equal([3, 4, 5, 6], SparseRing.FileLayers(32, 4, 2 * 3 + 1, 0));
        // keys are odd: the first layer still takes every value over the keys
        var firsts = Enumerable.Range(0, 64).Select(k => SparseRing.FileLayers(32, 2, (ulong)(2 * k + 1), 0)[0]).ToHashSet();
        Assert.Equal(32, firsts.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => SparseRing.FileLayers(2, 3, 0, 0));
    }

    [Fact]
    public void Engines_of_one_case_never_load_the_same_layer_of_a_file_in_a_sequence()
    {
        // two methods (starts 0 and a quarter of the file), Predictor and Windowing on the separate file
        for (ulong key = 1; key < 200; key += 2)
        {
            var separate = new[] { 0, 8 }.SelectMany(start => new[] { InferenceConfig.Predictor, InferenceConfig.Windowing }
                .SelectMany(config => FullRing(start).FileLayers(config, 2, key))).ToList();
            Assert.Equal(separate.Count, separate.Distinct().Count());
            Assert.Empty(FullRing(0).FileLayers(InferenceConfig.All, 2, key).Intersect(FullRing(8).FileLayers(InferenceConfig.All, 2, key)));
        }
    }

    [Fact]
    public void Sparse_configurations_load_their_layout_s_file_and_dense_ones_none()
    {
        var ring = new SparseRing(files.Separate, files.Bundled);

        Assert.Equal(files.Bundled.Path, (files.Setup(InferenceConfig.All) with { SparseRing = ring }).FfnFile.Path);
        foreach (var config in new[] { InferenceConfig.Predictor, InferenceConfig.Windowing, InferenceConfig.All })
            Assert.Same(ring, (files.Setup(config) with { SparseRing = ring }).ActiveSparseRing);
        foreach (var config in new[] { InferenceConfig.Naive, InferenceConfig.Hybrid })
            Assert.Null((files.Setup(config) with { SparseRing = ring }).ActiveSparseRing);
    }

    [Theory]
    [InlineData(InferenceConfig.Predictor)]
    [InlineData(InferenceConfig.All)]
    public void A_ring_over_the_run_s_own_layers_computes_what_the_plain_engine_computes(InferenceConfig config)
    {
        var plain = Run(files.Setup(config), 0);
        var ringed = Run(files.Setup(config) with { SparseRing = new SparseRing(files.Separate, files.Bundled) }, 0);

        Assert.Equal(Reads(plain.Timings), Reads(ringed.Timings));
        for (int t = 0; t < plain.Outputs.Count; t++)
            Assert.Equal(plain.Outputs[t], ringed.Outputs[t]);
    }

    [Theory]
    [InlineData(InferenceConfig.Predictor)]
    [InlineData(InferenceConfig.Windowing)]
    [InlineData(InferenceConfig.All)]
    public void A_full_depth_ring_loads_other_layers_with_the_same_bytes_and_reads(InferenceConfig config)
    {
        using var directory = new TempDirectory();
        var ring = new SparseRing(WeightFileGenerator.Ensure(directory.Path, files.Shape, Precision.Fp16, WeightLayout.Separate),
            WeightFileGenerator.Ensure(directory.Path, files.Shape, Precision.Fp16, WeightLayout.Bundled));
        var setup = files.Setup(config) with { SparseRing = ring };
        Assert.Contains(setup.FfnFile.Path, setup.Files);
        // key 3 starts at layer 1: the sequence loads layers 1 and 2 of the four (Windowing: 3 and 0, half the file away)
        Assert.Equal(config == InferenceConfig.Windowing ? [3, 0] : [1, 2], ring.FileLayers(config, 2, 3));

        var plain = Run(files.Setup(config), 3);
        var ringed = Run(setup, 3);

        Assert.Equal(Reads(plain.Timings), Reads(ringed.Timings));
        // the plain engine's file holds layers 0 and 1 of the same content: other layers, other outputs
        Assert.NotEqual(plain.Outputs[0], ringed.Outputs[0]);
    }

    [Fact]
    public void A_ring_of_another_shape_is_refused()
    {
        using var directory = new TempDirectory();
        var wider = files.Shape with { Name = "tiny-wide", DFf = files.Shape.DFf * 2 };
        var ring = new SparseRing(WeightFileGenerator.Ensure(directory.Path, wider, Precision.Fp16, WeightLayout.Separate),
            WeightFileGenerator.Ensure(directory.Path, wider, Precision.Fp16, WeightLayout.Bundled));

        Assert.Throws<ArgumentException>(() => new TokenEngine(files.Setup(InferenceConfig.All) with { SparseRing = ring }));
        Assert.Throws<ArgumentException>(() => new TokenEngine(files.Setup(InferenceConfig.All) with { SparseRing = new SparseRing(files.Bundled, files.Separate) }));
    }

    /// <summary>A ring of OPT 6.7B's depth, for its layer arithmetic only (its files are never opened).</summary>
    private SparseRing FullRing(int start) =>
        new(files.Separate with { Format = new WeightFileFormat(files.Shape.WithLayers(32), Precision.Fp16, WeightLayout.Separate) },
            files.Bundled with { Format = new WeightFileFormat(files.Shape.WithLayers(32), Precision.Fp16, WeightLayout.Bundled) }, start);

    private static IEnumerable<(int, int, long, long, int)> Reads(List<TokenLayerTiming> timings) =>
        timings.Select(t => (t.Token, t.Layer, t.BytesLoaded, t.Reads, t.NeuronsLoaded));

    private static (List<TokenLayerTiming> Timings, List<float[]> Outputs) Run(EngineSetup setup, ulong key)
    {
        using var engine = new TokenEngine(setup) { RecordOutputs = true };
        var timings = InterleavedGeneration.Run([engine], relabel: key)[0];
        return (timings, [.. engine.Outputs]);
    }
}
