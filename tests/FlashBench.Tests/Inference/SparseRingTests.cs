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
    public void A_second_method_s_start_keeps_it_off_the_first_method_s_layers()
    {
        for (ulong key = 1; key < 200; key += 2)
            Assert.Empty(SparseRing.FileLayers(32, 2, key, 0).Intersect(SparseRing.FileLayers(32, 2, key, 16)));
    }

    [Fact]
    public void A_bundled_ring_serves_all_and_no_other_configuration()
    {
        var ring = new SparseRing(files.Bundled);

        Assert.Same(ring, (files.Setup(InferenceConfig.All) with { SparseRing = ring }).ActiveSparseRing);
        foreach (var config in new[] { InferenceConfig.Naive, InferenceConfig.Hybrid, InferenceConfig.Predictor, InferenceConfig.Windowing })
            Assert.Null((files.Setup(config) with { SparseRing = ring }).ActiveSparseRing);
        Assert.Equal(files.Bundled.Path, (files.Setup(InferenceConfig.All) with { SparseRing = ring }).FfnFile.Path);
    }

    [Fact]
    public void A_ring_over_the_run_s_own_layers_computes_what_the_plain_engine_computes()
    {
        var plain = Run(files.Setup(InferenceConfig.All), 0);
        var ringed = Run(files.Setup(InferenceConfig.All) with { SparseRing = new SparseRing(files.Bundled) }, 0);

        Assert.Equal(Reads(plain.Timings), Reads(ringed.Timings));
        for (int t = 0; t < plain.Outputs.Count; t++)
            Assert.Equal(plain.Outputs[t], ringed.Outputs[t]);
    }

    [Fact]
    public void A_full_depth_ring_loads_other_layers_with_the_same_bytes_and_reads()
    {
        using var directory = new TempDirectory();
        var full = WeightFileGenerator.Ensure(directory.Path, files.Shape, Precision.Fp16, WeightLayout.Bundled);
        var setup = files.Setup(InferenceConfig.All) with { SparseRing = new SparseRing(full) };
        Assert.Contains(full.Path, setup.Files);
        // key 5 starts at layer 2: the sequence loads layers 2 and 3 of the four
        Assert.Equal([2, 3], setup.SparseRing!.FileLayers(2, 5));

        var plain = Run(files.Setup(InferenceConfig.All), 5);
        var ringed = Run(setup, 5);

        Assert.Equal(Reads(plain.Timings), Reads(ringed.Timings));
        Assert.NotEqual(plain.Outputs[0], ringed.Outputs[0]);
    }

    [Fact]
    public void A_ring_of_another_shape_is_refused()
    {
        using var directory = new TempDirectory();
        var wider = files.Shape with { Name = "tiny-wide", DFf = files.Shape.DFf * 2 };
        var ring = new SparseRing(WeightFileGenerator.Ensure(directory.Path, wider, Precision.Fp16, WeightLayout.Bundled));

        Assert.Throws<ArgumentException>(() => new TokenEngine(files.Setup(InferenceConfig.All) with { SparseRing = ring }));
    }

    private static IEnumerable<(int, int, long, long, int)> Reads(List<TokenLayerTiming> timings) =>
        timings.Select(t => (t.Token, t.Layer, t.BytesLoaded, t.Reads, t.NeuronsLoaded));

    private static (List<TokenLayerTiming> Timings, List<float[]> Outputs) Run(EngineSetup setup, ulong key)
    {
        using var engine = new TokenEngine(setup) { RecordOutputs = true };
        var timings = InterleavedGeneration.Run([engine], relabel: key)[0];
        return (timings, [.. engine.Outputs]);
    }
}
