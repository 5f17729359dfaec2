using FlashBench.Core.Loading;
using FlashBench.Core.Memory;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Sparsity;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Sparse;

/// <summary>The loaders on a ring: a layer's reads in one batch up to the depth, each landing in its matrix row, and the
/// rows the same bytes as the blocking loader's.</summary>
public sealed class IoUringLoaderTests(SparseFiles files) : IClassFixture<SparseFiles>
{
    private static readonly ActivationTrace Trace = SyntheticTraceGenerator.Generate(ModelShapes.Tiny, new SyntheticTraceOptions { Tokens = 8, Seed = 5 });

    [IoUringTheory]
    [InlineData(0, NeuronManager.Slots, 1)]
    [InlineData(2, NeuronManager.Slots, 32)]
    [InlineData(5, NeuronManager.Naive, 4)]
    public void Ring_loaders_hold_the_neurons_the_blocking_loader_holds(int window, NeuronManager manager, int depth)
    {
        Assert.True(ReadMethod.IoUring.Availability(files.Bundled.Path).Supported, "the test folder must allow O_DIRECT and io_uring");
        var req = ResidentRequirement.For(Trace, window);
        foreach (var file in new[] { files.Bundled, files.Separate, files.Int4Bundled })
        {
            var trace = file == files.Int4Bundled ? SyntheticTraceGenerator.Generate(ModelShapes.Tiny, new SyntheticTraceOptions { Tokens = 8, Seed = 5 }) : Trace;
            using var ring = new NeuronLoader(file, new LoaderOptions(window, depth, manager, ReadMethod.IoUring, Verify: true), req);
            using var blocking = new NeuronLoader(file, new LoaderOptions(window, 2, manager, ReadMethod.Direct), req);
            Assert.Equal(depth, ring.RingDepth);
            for (int token = 0; token < trace.Tokens; token++)
            {
                var r = ring.LoadToken(token, trace);
                var b = blocking.LoadToken(token, trace);
                Assert.Equal(b.NeuronsLoaded, r.NeuronsLoaded);
                Assert.Equal(b.BytesRead, r.BytesRead);
            }
            Assert.Equal(0, ring.VerifyAll());
            for (int layer = 0; layer < file.Format.Layers; layer++)
                Assert.Equal(blocking.Matrix(layer).Count, ring.Matrix(layer).Count);
        }
    }
}
