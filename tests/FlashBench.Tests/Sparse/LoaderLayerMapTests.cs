using FlashBench.Core.Loading;
using FlashBench.Core.Memory;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Sparsity;
using FlashBench.Core.Weights;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Sparse;

/// <summary>A loader with fewer layers than its file (the latency engine's sparse ring): each loader layer holds the rows
/// of the file layer it is mapped to, byte for byte, with the reads and bytes of a loader over those layers alone.</summary>
public sealed class LoaderLayerMapTests(SparseFiles files) : IClassFixture<SparseFiles>
{
    private static readonly ActivationTrace Trace = SyntheticTraceGenerator.Generate(ModelShapes.Tiny.WithLayers(2), new SyntheticTraceOptions { Tokens = 6, Seed = 11 });

    public static TheoryData<string> Methods =>
        new(new[] { ReadMethod.Direct, ReadMethod.IoUring }.Where(m => m != ReadMethod.IoUring || IoUringFactAttribute.Kernel.Value.Supported).Select(m => m.Name()));

    [Theory]
    [MemberData(nameof(Methods))]
    public void Each_loader_layer_holds_the_rows_of_the_file_layer_it_is_mapped_to(string methodName)
    {
        Assert.True(ReadMethods.TryParse(methodName, out var method));
        Assert.True(method.Availability(files.Bundled.Path).Supported, "the test folder must allow O_DIRECT (and io_uring where the kernel has it)");
        foreach (var file in new[] { files.Bundled, files.Separate })
        {
            Assert.True(file.Format.Layers > 2);
            using var loader = new NeuronLoader(file, new LoaderOptions(2, 4, NeuronManager.Slots, method, Verify: true), ResidentRequirement.For(Trace, 2));
            int[] mapped = [file.Format.Layers - 1, 1];
            loader.Reset(mapped);
            for (int token = 0; token < Trace.Tokens; token++)
                loader.LoadToken(token, Trace);

            var expected = new byte[file.Format.NeuronBytes];
            for (int layer = 0; layer < 2; layer++)
            {
                Assert.Equal(mapped[layer], loader.FileLayer(layer));
                var matrix = loader.Matrix(layer);
                Assert.True(matrix.Count > 0);
                for (int row = 0; row < matrix.Count; row++)
                {
                    file.ExpectedNeuron(mapped[layer], matrix.NeuronAt(row), expected);
                    Assert.True(matrix.Row(row).SequenceEqual(expected), $"{file.Format.Layout}: row {row} of loader layer {layer} is not neuron {matrix.NeuronAt(row)} of file layer {mapped[layer]}");
                }
            }
        }
    }

    [Fact]
    public void A_mapped_loader_reads_what_a_loader_over_its_first_layers_reads()
    {
        using var full = new NeuronLoader(files.Bundled, new LoaderOptions(2, 4, NeuronManager.Slots, files.Method), ResidentRequirement.For(Trace, 2));
        full.Reset([2, 3]);
        using var first = new NeuronLoader(files.Bundled, new LoaderOptions(2, 4, NeuronManager.Slots, files.Method), ResidentRequirement.For(Trace, 2));
        for (int token = 0; token < Trace.Tokens; token++)
        {
            var a = full.LoadToken(token, Trace);
            var b = first.LoadToken(token, Trace);
            Assert.Equal((b.NeuronsLoaded, b.ReadsIssued, b.BytesRead), (a.NeuronsLoaded, a.ReadsIssued, a.BytesRead));
        }
        Assert.Equal([0, 1], new[] { first.FileLayer(0), first.FileLayer(1) });
    }

    [Fact]
    public void A_new_mapping_empties_the_loader_and_bad_mappings_are_refused()
    {
        using var loader = new NeuronLoader(files.Bundled, new LoaderOptions(2, 2, NeuronManager.Slots, files.Method), ResidentRequirement.For(Trace, 2));
        loader.LoadToken(0, Trace);
        Assert.True(loader.ResidentNeurons > 0);

        loader.Reset([3, 2]);

        Assert.Equal(0, loader.ResidentNeurons);
        Assert.Throws<ArgumentException>(() => loader.Reset([1, 1]));
        Assert.Throws<ArgumentException>(() => loader.Reset([0, files.Bundled.Format.Layers]));
        Assert.Throws<ArgumentException>(() => loader.Reset([0]));
        Assert.Throws<ArgumentException>(() => new NeuronLoader(files.Bundled, new LoaderOptions(), Enumerable.Repeat(4, files.Bundled.Format.Layers + 1).ToArray()));
    }
}
