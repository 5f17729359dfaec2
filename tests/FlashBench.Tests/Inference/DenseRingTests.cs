using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Weights;
using FlashBench.Core.Models;
using FlashBench.Core.Weights;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Inference;

public sealed class DenseRingTests(TinyInferenceFiles files) : IClassFixture<TinyInferenceFiles>
{
    [Fact]
    public void Naive_walks_every_layer_of_the_ring_once_before_it_turns()
    {
        var layers = Enumerable.Range(0, 16).SelectMany(step => new[] { 0, 1 }.Select(slot => DenseRing.Layer(32, 2, step, slot, InferenceConfig.Naive))).ToList();

        Assert.Equal(Enumerable.Range(0, 32), layers);
        Assert.Equal(0, DenseRing.Layer(32, 2, 16, 0, InferenceConfig.Naive));
    }

    [Fact]
    public void Hybrid_reads_half_a_ring_away_from_naive()
    {
        for (int step = 0; step < 40; step++)
        {
            for (int slot = 0; slot < 2; slot++)
            {
                int hybrid = DenseRing.Layer(32, 2, step, slot, InferenceConfig.Hybrid);
                // the same layer was last read by Naive 8 steps earlier (or will be 8 steps later): never within a step or two
                int first = Math.Max(0, step - 7);
                var naiveNear = Enumerable.Range(first, step + 7 - first + 1).SelectMany(s => new[] { 0, 1 }.Select(l => DenseRing.Layer(32, 2, s, l, InferenceConfig.Naive)));
                Assert.DoesNotContain(hybrid, naiveNear);
            }
        }
    }

    [Fact]
    public void A_ring_over_the_run_s_own_layers_reads_what_the_plain_engine_reads()
    {
        // two layers, two slots: every step reads slot s from ring layer s, the blocks the plain engine reads
        var ring = new DenseRing(files.Separate, files.Attention);
        var plain = Run(files.Setup(InferenceConfig.Naive));
        var ringed = Run(files.Setup(InferenceConfig.Naive) with { DenseRing = ring });

        Assert.Equal(plain.Timings.Select(t => (t.Token, t.Layer, t.BytesLoaded, t.Reads)), ringed.Timings.Select(t => (t.Token, t.Layer, t.BytesLoaded, t.Reads)));
        for (int t = 0; t < plain.Outputs.Count; t++)
            Assert.Equal(plain.Outputs[t], ringed.Outputs[t]);
    }

    [Fact]
    public void A_full_depth_ring_streams_other_layers_with_the_same_bytes_and_reads()
    {
        using var directory = new TempDirectory();
        var ring = new DenseRing(WeightFileGenerator.Ensure(directory.Path, files.Shape, Precision.Fp16, WeightLayout.Separate),
            AttentionFile.Ensure(directory.Path, files.Shape, Enumerable.Range(0, files.Shape.Layers).ToList(), SyntheticModel.DefaultSeed));
        foreach (var config in new[] { InferenceConfig.Naive, InferenceConfig.Hybrid })
        {
            var setup = files.Setup(config) with { DenseRing = ring };
            Assert.Contains(ring.Ffn.Path, setup.Files);
            var plain = Run(files.Setup(config));
            var ringed = Run(setup);

            Assert.Equal(plain.Timings.Select(t => (t.Token, t.Layer, t.BytesLoaded, t.Reads, t.NeuronsLoaded)), ringed.Timings.Select(t => (t.Token, t.Layer, t.BytesLoaded, t.Reads, t.NeuronsLoaded)));
            Assert.NotEqual(plain.Outputs[0], ringed.Outputs[0]); // layer 1 (Naive) or layers 2, 3 (Hybrid) instead of layer 3
        }
    }

    [Fact]
    public void Sparse_configurations_ignore_the_ring()
    {
        var ring = new DenseRing(files.Separate, files.Attention);

        Assert.Null((files.Setup(InferenceConfig.All) with { DenseRing = ring }).ActiveRing);
        Assert.Null((files.Setup(InferenceConfig.Predictor) with { DenseRing = ring }).ActiveRing);
    }

    [Fact]
    public void A_ring_of_another_shape_is_refused()
    {
        using var directory = new TempDirectory();
        var wider = files.Shape with { Name = "tiny-wide", DFf = files.Shape.DFf * 2 };
        var ring = new DenseRing(WeightFileGenerator.Ensure(directory.Path, wider, Precision.Fp16, WeightLayout.Separate), files.Attention);

        Assert.Throws<ArgumentException>(() => new TokenEngine(files.Setup(InferenceConfig.Naive) with { DenseRing = ring }));
    }

    private static (List<TokenLayerTiming> Timings, List<float[]> Outputs) Run(EngineSetup setup)
    {
        using var engine = new TokenEngine(setup) { RecordOutputs = true };
        var timings = engine.Generate();
        return (timings, [.. engine.Outputs]);
    }
}
