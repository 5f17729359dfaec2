using FlashBench.Core.Models;
using FlashBench.Core.Weights;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Sparse;

public sealed class WeightLayoutTests
{
    private static readonly WeightFileFormat OptSeparate = new(ModelShapes.Opt6_7B, Precision.Fp16, WeightLayout.Separate);
    private static readonly WeightFileFormat OptBundled = new(ModelShapes.Opt6_7B, Precision.Fp16, WeightLayout.Bundled);

    [Fact]
    public void Opt_fp16_bundle_is_16_KiB_and_fp32_32_KiB_and_the_file_8_6_GB()
    {
        Assert.Equal(16 << 10, OptBundled.BundleReadLength);
        Assert.Equal(16 << 10, OptBundled.NeuronBytes);
        Assert.Equal(32 << 10, new WeightFileFormat(ModelShapes.Opt6_7B, Precision.Fp32, WeightLayout.Bundled).BundleReadLength);
        Assert.Equal(4096 + 32L * 16384 * 16384, OptBundled.FileBytes); // 8.59 GB, no padding
        Assert.Equal(OptBundled.FileBytes, OptSeparate.FileBytes);
    }

    [Fact]
    public void Separate_layout_puts_up_and_down_in_different_regions()
    {
        // layer 3, neuron 100: up part in region (3·2 + 0), down part in region (3·2 + 1), d_ff parts of 8 KiB each
        long region = 16384L * 8192;
        Assert.Equal(4096 + 6 * region + 100 * 8192L, OptSeparate.PartOffset(3, 100, 0));
        Assert.Equal(4096 + 7 * region + 100 * 8192L, OptSeparate.PartOffset(3, 100, 1));
        Assert.Equal(2, OptSeparate.ReadsPerNeuron);
    }

    [Fact]
    public void Bundled_layout_puts_down_row_right_after_up_column()
    {
        long bundle = 4096 + (3L * 16384 + 100) * 16384;
        Assert.Equal(bundle, OptBundled.BundleOffset(3, 100));
        Assert.Equal(bundle, OptBundled.PartOffset(3, 100, 0));
        Assert.Equal(bundle + 8192, OptBundled.PartOffset(3, 100, 1));
        Assert.Equal(1, OptBundled.ReadsPerNeuron);
    }

    [Fact]
    public void Llama_bundles_three_parts()
    {
        var format = new WeightFileFormat(ModelShapes.Llama2_7B, Precision.Fp16, WeightLayout.Bundled);
        Assert.Equal(3, format.Parts);
        Assert.Equal(3 * 8192, format.BundleReadLength);
        Assert.Equal(format.BundleOffset(1, 5) + 2 * 8192, format.PartOffset(1, 5, 2));
    }

    [Theory]
    [InlineData("fp32")]
    [InlineData("fp16")]
    [InlineData("int8")]
    [InlineData("int4")]
    public void Every_read_is_O_DIRECT_aligned_in_every_shape(string precisionName)
    {
        Assert.True(Precision.TryParse(precisionName, out var precision));
        foreach (var shape in ModelShapes.All)
        {
            foreach (var layout in WeightLayouts.All)
            {
                var format = new WeightFileFormat(shape, precision, layout);
                Assert.Equal(0, format.PartLength % 512);
                Assert.True(format.PartLength >= format.PartBytes);
                foreach (var (layer, neuron) in new[] { (0, 0), (shape.Layers - 1, shape.DFf - 1), (shape.Layers / 2, 7) })
                {
                    if (layout == WeightLayout.Bundled)
                    {
                        Assert.Equal(0, format.BundleOffset(layer, neuron) % 4096);
                        Assert.True(format.BundleOffset(layer, neuron) + format.BundleReadLength <= format.FileBytes);
                    }
                    for (int part = 0; part < format.Parts; part++)
                    {
                        long offset = format.PartOffset(layer, neuron, part);
                        Assert.Equal(0, offset % (layout == WeightLayout.Separate ? 4096 : 512));
                        Assert.True(offset + format.PartLength <= format.FileBytes);
                    }
                }
            }
        }
    }

    [Fact]
    public void Generated_file_holds_each_part_where_the_format_says()
    {
        using var directory = new TempDirectory();
        foreach (var layout in WeightLayouts.All)
        {
            var file = WeightFileGenerator.Ensure(directory.Path, ModelShapes.Tiny, Precision.Fp16, layout, seed: 42);
            Assert.False(file.Reused);
            Assert.Equal(file.Format.FileBytes, new FileInfo(file.Path).Length);
            using var handle = File.OpenHandle(file.Path);
            var actual = new byte[file.Format.PartBytes];
            var expected = new byte[file.Format.PartBytes];
            foreach (var (layer, neuron, part) in new[] { (0, 0, 0), (1, 17, 1), (3, 255, 1), (2, 128, 0) })
            {
                RandomAccess.Read(handle, actual, file.Format.PartOffset(layer, neuron, part));
                NeuronContent.Fill(expected, 42, Precision.Fp16, layer, neuron, part);
                Assert.Equal(expected, actual);
                Assert.DoesNotContain(actual.Chunk(2), pair => pair[0] == 0 && pair[1] == 0); // no zero weight
            }
            Assert.True(WeightFileGenerator.Ensure(directory.Path, ModelShapes.Tiny, Precision.Fp16, layout, seed: 42).Reused);
        }
    }

    [Fact]
    public void Open_reads_back_the_format_and_refuses_truncated_or_foreign_files()
    {
        using var directory = new TempDirectory();
        var file = WeightFileGenerator.Ensure(directory.Path, ModelShapes.Opt6_7B.WithLayers(1).WithDffForTests(64), Precision.Int8, WeightLayout.Bundled);
        var opened = WeightFile.Open(file.Path);
        Assert.Equal(file.Format.Describe(), opened.Format.Describe());
        Assert.Equal(file.Seed, opened.Seed);

        string truncated = directory.File("truncated.bin");
        File.Copy(file.Path, truncated);
        using (var stream = new FileStream(truncated, FileMode.Open))
            stream.SetLength(stream.Length - 4096);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => WeightFile.Open(truncated)).Message);

        string foreign = directory.File("foreign.bin");
        File.WriteAllBytes(foreign, new byte[8192]);
        Assert.Contains("not a FlashBench weight file", Assert.Throws<InvalidDataException>(() => WeightFile.Open(foreign)).Message);

        // a file that is no longer what its name promises is rewritten, not reused
        File.Copy(truncated, file.Path, overwrite: true);
        Assert.False(WeightFileGenerator.Ensure(directory.Path, opened.Format.Shape, Precision.Int8, WeightLayout.Bundled).Reused);
    }
}

internal static class ShapeTestExtensions
{
    /// <summary>A narrower FFN for tests that want a real d_model but few neurons.</summary>
    public static ModelShape WithDffForTests(this ModelShape shape, int dFf) => shape with { DFf = dFf, Name = $"{shape.Name}-ff{dFf}" };
}
