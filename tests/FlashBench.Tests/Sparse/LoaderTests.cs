using FlashBench.Core.Loading;
using FlashBench.Core.Memory;
using FlashBench.Core.Models;
using FlashBench.Core.Sparsity;

namespace FlashBench.Tests.Sparse;

public sealed class LoaderTests(SparseFiles files) : IClassFixture<SparseFiles>
{
    private static readonly ActivationTrace Trace = SyntheticTraceGenerator.Generate(ModelShapes.Tiny, new SyntheticTraceOptions { Tokens = 12, Seed = 3 });

    [Theory]
    [InlineData(0, NeuronManager.Slots)]
    [InlineData(2, NeuronManager.Slots)]
    [InlineData(5, NeuronManager.Naive)]
    public void Bundled_and_separate_loaders_hold_byte_identical_neurons(int window, NeuronManager manager)
    {
        var options = new LoaderOptions(window, Threads: 4, manager, files.Method, Verify: true);
        var req = ResidentRequirement.For(Trace, window);
        using var bundled = new NeuronLoader(files.Bundled, options, req);
        using var separate = new NeuronLoader(files.Separate, options, req);
        for (int token = 0; token < Trace.Tokens; token++)
        {
            var b = bundled.LoadToken(token, Trace);
            var s = separate.LoadToken(token, Trace);
            Assert.Equal(b.NeuronsLoaded, s.NeuronsLoaded);
            Assert.Equal(b.NeuronsLoaded, b.ReadsIssued);          // one read per bundle
            Assert.Equal(2 * s.NeuronsLoaded, s.ReadsIssued);      // up and down apart
            for (int layer = 0; layer < Trace.Layers; layer++)
            {
                var mb = bundled.Matrix(layer);
                var ms = separate.Matrix(layer);
                Assert.Equal(mb.Count, ms.Count);
                foreach (int neuron in Trace.Predicted(token, layer).Ids)
                    Assert.True(mb.Row(mb.RowOf(neuron)).SequenceEqual(ms.Row(ms.RowOf(neuron))));
            }
        }
        Assert.Equal(0, bundled.VerifyAll());
        Assert.Equal(0, separate.VerifyAll());
    }

    [Fact]
    public void Resident_rows_decode_to_the_known_weights()
    {
        var req = ResidentRequirement.For(Trace, 1);
        using var loader = new NeuronLoader(files.Int4Bundled, new LoaderOptions(1, 2, Method: files.Method), req);
        loader.LoadToken(0, Trace);
        var matrix = loader.Matrix(2);
        int neuron = matrix.NeuronAt(0);
        var down = new float[ModelShapes.Tiny.DModel];
        loader.DecodeRow(2, 0, part: 1, down);
        for (int j = 0; j < down.Length; j++)
        {
            int q = Core.Weights.NeuronContent.LevelOf(files.Int4Bundled.Seed, 2, neuron, 1, j);
            int level = Math.Clamp(q / 16, -7, 7);
            if (level == 0)
                level = q < 0 ? -1 : 1;
            Assert.Equal(Core.Weights.NeuronContent.Value(level * 16), down[j]);
        }
    }

    [Fact]
    public void Verification_catches_a_row_that_is_not_the_neuron_it_claims()
    {
        var req = ResidentRequirement.For(Trace, 2);
        using var loader = new NeuronLoader(files.Bundled, new LoaderOptions(2, 2, Method: files.Method), req);
        loader.LoadToken(0, Trace);
        Assert.Equal(0, loader.VerifyAll());
        loader.Matrix(1).Row(0)[3] ^= 0x40;
        Assert.Equal(1, loader.VerifyAll());
    }

    [Fact]
    public void A_trace_that_does_not_fit_the_file_is_refused()
    {
        var wide = SyntheticTraceGenerator.Generate(ModelShapes.Tiny with { DFf = 512 }, new SyntheticTraceOptions { Tokens = 2 });
        using var loader = new NeuronLoader(files.Bundled, new LoaderOptions(1, 1, Method: files.Method), new int[4]);
        Assert.Throws<ArgumentException>(() => loader.LoadToken(0, wide));
    }
}

public sealed class NeuronLoadersTests(SparseFiles files) : IClassFixture<SparseFiles>
{
    [Fact]
    public void Naive_loader_reads_every_predicted_neuron_every_token_and_windowing_fewer()
    {
        var trace = SyntheticTraceGenerator.Generate(ModelShapes.Tiny, new SyntheticTraceOptions { Tokens = 6, Seed = 11 });
        using var naive = NeuronLoaders.Naive(files.Bundled, trace, threads: 2, method: files.Method);
        using var windowing = NeuronLoaders.Windowing(files.Bundled, trace, window: 4, threads: 2, method: files.Method);
        long naiveTotal = 0, windowTotal = 0;
        for (int t = 0; t < trace.Tokens; t++)
        {
            var n = naive.LoadToken(t, trace);
            Assert.Equal(Enumerable.Range(0, trace.Layers).Sum(l => trace.Predicted(t, l).Count), n.NeuronsLoaded);
            naiveTotal += n.NeuronsLoaded;
            windowTotal += windowing.LoadToken(t, trace).NeuronsLoaded;
        }
        Assert.True(windowTotal < naiveTotal);
        Assert.Equal(0, naive.VerifyAll());
        Assert.Equal(0, windowing.VerifyAll());
    }
}
