using FlashBench.Core.Adapters;
using FlashBench.Core.Models;
using FlashBench.Core.Native;
using FlashBench.Core.ReadPaths;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Adapters;

/// <summary>What a swap reads is what was written: every adapter, both layouts, every method that works here, whole
/// layer blocks and reads smaller than a block.</summary>
public sealed class AdapterSwapBytesTests
{
    /// <summary>A gated tiny shape: all seven pieces, and a layer block with padding (47104 bytes of weights in 49152).</summary>
    private static readonly LoraGeometry Geometry = new(ModelShapes.Tiny with { GatedFfn = true }, 16);

    private static readonly IReadOnlyList<string> Tasks = ["summarise", "proofread", "tone"];

    public static TheoryData<string, string, int> Cases()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var method in new[] { ReadMethod.Buffered, ReadMethod.Direct, ReadMethod.IoUring })
        {
            if (method == ReadMethod.IoUring && !IoUringFactAttribute.Kernel.Value.Supported)
                continue;
            foreach (var layout in AdapterLayouts.All)
            {
                data.Add(method.Name(), layout.Name(), (int)Geometry.LayerBlockBytes);
                data.Add(method.Name(), layout.Name(), 8192);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public unsafe void Bytes_read_for_each_adapter_equal_the_bytes_written(string methodName, string layoutName, int chunk)
    {
        Assert.True(ReadMethods.TryParse(methodName, out var method));
        var layout = AdapterLayouts.All.Single(l => l.Name() == layoutName);
        using var directory = new TempDirectory();
        var store = new AdapterStore(directory.Path, Geometry, Tasks, layout, Seed: 42);
        AdapterFiles.Ensure(store);
        Assert.All(Enumerable.Range(0, store.Files.Count), f => Assert.True(AdapterFiles.IsValid(store, f)));
        if (method.BypassesPageCache())
            Assert.True(method.Availability(store.Files[0]).Supported, $"the test folder's file system must support O_DIRECT: {method.Availability(store.Files[0]).Detail}");

        long written = store.Files.Sum(f => new FileInfo(f).Length - AdapterStore.HeaderBytes);
        long read = 0;
        using var buffer = new AlignedBuffer((int)Geometry.AdapterBlockBytes);
        var expected = new byte[Geometry.LayerBlockBytes];
        for (int a = 0; a < Tasks.Count; a++)
        {
            buffer.Span.Clear();
            using var swap = new AdapterSwap(store, a, method, readsInFlight: 3, chunk);
            var result = swap.Read(buffer);
            Assert.Equal(Geometry.AdapterBlockBytes, result.Bytes);
            Assert.Equal(swap.Reads, result.Reads);
            read += result.Bytes;
            for (int layer = 0; layer < Geometry.Shape.Layers; layer++)
            {
                AdapterContent.FillLayer(expected, Geometry, store.Seed, a, layer);
                var actual = buffer.Span.Slice((int)(layer * Geometry.LayerBlockBytes), expected.Length);
                Assert.True(actual.SequenceEqual(expected), $"{methodName} {layoutName}: adapter {a} layer {layer} differs from what was written");
            }
        }
        Assert.Equal(written, read);
    }

    [Fact]
    public void Content_is_never_zero_filled_and_differs_between_adapters_and_copies()
    {
        var a = new byte[Geometry.LayerBlockBytes];
        var b = new byte[Geometry.LayerBlockBytes];
        var c = new byte[Geometry.LayerBlockBytes];
        AdapterContent.FillLayer(a, Geometry, 1, 0, 0);
        AdapterContent.FillLayer(b, Geometry, 1, 1, 0);
        AdapterContent.FillLayer(c, Geometry, 2, 0, 0);
        for (int page = 0; page < a.Length; page += 4096)
            Assert.Contains(a.AsSpan(page, 4096).ToArray(), x => x != 0);
        Assert.False(a.AsSpan().SequenceEqual(b));
        Assert.False(a.AsSpan().SequenceEqual(c));
    }

    [Fact]
    public void A_damaged_file_is_not_valid_and_is_written_again()
    {
        using var directory = new TempDirectory();
        var store = new AdapterStore(directory.Path, Geometry, Tasks, AdapterLayout.PerAdapter, Seed: 5);
        AdapterFiles.Ensure(store);
        using (var stream = new FileStream(store.Files[1], FileMode.Open, FileAccess.Write))
        {
            stream.Seek(-10, SeekOrigin.End);
            stream.Write(new byte[4]);
        }
        Assert.False(AdapterFiles.IsValid(store, 1));
        Assert.True(AdapterFiles.IsValid(store, 0));
        AdapterFiles.EnsureFile(store, 1);
        Assert.True(AdapterFiles.IsValid(store, 1));
    }
}
