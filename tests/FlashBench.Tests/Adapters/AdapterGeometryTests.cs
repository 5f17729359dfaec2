using FlashBench.Core.Adapters;
using FlashBench.Core.Models;

namespace FlashBench.Tests.Adapters;

/// <summary>The adapter's size from the shape: rank 16 on q, k, v, o, gate, up, down of every afm-3b layer.</summary>
public sealed class AdapterGeometryTests
{
    [Fact]
    public void Afm_rank_16_adapter_is_tens_of_megabytes_from_the_shape()
    {
        var geometry = new LoraGeometry(ModelShapes.Afm3B, 16);

        Assert.Equal(["q", "k", "v", "o", "gate", "up", "down"], geometry.Pieces.Select(p => p.Name));
        // q, o: 16·(3072+3072); k, v: 16·(3072+1024); gate, up, down: 16·(3072+8032)
        Assert.Equal(2 * 16 * 6144L + 2 * 16 * 4096L + 3 * 16 * 11104L, geometry.LayerWeights);
        Assert.Equal(26 * geometry.LayerWeights * 2, geometry.AdapterBytes);
        Assert.InRange(geometry.AdapterBytes / 1e6, 10, 99);
        Assert.Equal(0, geometry.LayerBlockBytes % 4096);
        Assert.InRange(geometry.LayerBlockBytes - geometry.LayerBytes, 0, 4095);
    }

    [Fact]
    public void Pieces_lie_back_to_back_inside_a_layer_block()
    {
        var geometry = new LoraGeometry(ModelShapes.Afm3B, 16);
        long end = 0;
        for (int p = 0; p < geometry.Pieces.Count; p++)
        {
            Assert.Equal(end, geometry.PieceOffset(p));
            end += geometry.PieceWeights(p) * 2;
        }
        Assert.Equal(geometry.LayerBytes, end);
    }

    [Theory]
    [InlineData(AdapterLayout.PerAdapter)]
    [InlineData(AdapterLayout.PerLayer)]
    public void Every_block_of_every_file_belongs_to_exactly_one_swap(AdapterLayout layout)
    {
        var geometry = new LoraGeometry(ModelShapes.Afm3B, 16);
        var store = new AdapterStore("data", geometry, AdapterTasks.All, layout, Seed: 1);
        var covered = store.Files.ToDictionary(f => f, _ => new List<(long Offset, long Length)>());
        for (int a = 0; a < AdapterTasks.All.Count; a++)
        {
            var regions = store.Regions(a);
            Assert.Equal(geometry.AdapterBlockBytes, regions.Sum(r => r.Length));
            covered[store.FileOf(a)].AddRange(regions);
        }
        foreach (var (_, regions) in covered)
        {
            long next = AdapterStore.HeaderBytes;
            foreach (var (offset, length) in regions.OrderBy(r => r.Offset))
            {
                Assert.Equal(next, offset); // no gap, no overlap
                next += length;
            }
            Assert.Equal(store.FileBytes, next);
        }
        if (layout == AdapterLayout.PerLayer)
        {
            var regions = store.Regions(2);
            Assert.Equal(geometry.Shape.Layers, regions.Count); // one strided region per layer
            Assert.All(regions.Zip(regions.Skip(1)), pair => Assert.Equal(AdapterTasks.All.Count * geometry.LayerBlockBytes, pair.Second.Offset - pair.First.Offset));
        }
    }

    [Fact]
    public void A_swap_plan_cuts_regions_into_reads_that_land_back_to_back()
    {
        var plan = AdapterSwap.Plan([(4096, 7 * 4096L), (1_000_000 * 4096L, 8192)], chunkBytes: 3 * 4096);

        Assert.Equal([(4096L, 3 * 4096, 0L), (4 * 4096L, 3 * 4096, 3 * 4096L), (7 * 4096L, 4096, 6 * 4096L), (1_000_000 * 4096L, 8192, 7 * 4096L)], plan);
    }
}
