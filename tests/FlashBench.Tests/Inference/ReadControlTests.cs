using FlashBench.Core.Inference.Engine;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Storage;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Inference;

/// <summary>The latency cases' I/O control: fresh offsets (every slot once per pass), reads
/// counted when completed, O_DIRECT-sized lengths, one region of the file per measurement and one pass over it at most.</summary>
public sealed class ReadControlTests
{
    [Fact]
    public void A_pass_gives_every_slot_once_then_stops()
    {
        var slots = new ShuffledSlots(start: 1 << 20, slots: 100, stride: 8192, seed: 7);
        var taken = new List<long>();
        var chunk = new long[32];
        int count;
        while ((count = slots.Take(chunk)) > 0)
            taken.AddRange(chunk[..count]);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (1 << 20) + i * 8192L), taken.Order());
        Assert.NotEqual(taken.Order(), taken); // shuffled, not sequential
        Assert.Equal(0, slots.Remaining);
        Assert.Equal(0, slots.Take(chunk));
    }

    [Fact]
    public void Same_seed_same_order_other_seed_other_order()
    {
        static long[] First(ulong seed)
        {
            var slots = new ShuffledSlots(0, 1000, 4096, seed);
            var offsets = new long[50];
            slots.Take(offsets);
            return offsets;
        }
        Assert.Equal(First(1), First(1));
        Assert.NotEqual(First(1), First(2));
    }

    [Theory]
    [InlineData(100, 512)]
    [InlineData(8192, 8192)]
    [InlineData(9216, 9216)]
    [InlineData(1044189, 1044480)]
    public void Read_lengths_are_whole_512_byte_sectors(long requested, int expected) =>
        Assert.Equal(expected, ReadControl.ReadLength(requested));

    [Fact]
    public void A_measurement_reads_one_pass_of_its_own_region_at_most()
    {
        using var directory = new TempDirectory();
        var file = TestFileGenerator.Ensure(directory.Path, 1L << 20);
        using var control = new ReadControl(ReadMethod.Buffered, file.Path, threads: 4, regions: 2, seed: 3);

        var first = control.Measure(4096, TimeSpan.FromHours(1)); // ends with its region's pass, long before the hour
        Assert.Equal(128, first.Reads); // half a MiB in 4 KiB reads
        Assert.Equal(128L * 4096, first.Bytes);
        Assert.False(first.Reused);
        Assert.True(first.Gbps > 0);

        var second = control.Measure(10_000, TimeSpan.Zero); // one round of 4 threads × 8, in 12 KiB slots of the other half
        Assert.Equal(10_240, second.ReadBytes);
        Assert.Equal(32, second.Reads);
        Assert.False(second.Reused);

        Assert.True(control.Measure(4096, TimeSpan.Zero).Reused); // a third measurement has no region of its own left
    }

    [Fact]
    public void A_run_visits_every_region_once_starting_where_its_seed_says()
    {
        using var directory = new TempDirectory();
        var file = TestFileGenerator.Ensure(directory.Path, 1L << 20);
        List<int> Regions(ulong seed)
        {
            using var control = new ReadControl(ReadMethod.Buffered, file.Path, threads: 1, regions: 8, seed: seed);
            return Enumerable.Range(0, 8).Select(_ => control.Measure(4096, TimeSpan.Zero).Region).ToList();
        }
        var first = Regions(3);
        Assert.Equal(Enumerable.Range(0, 8), first.Order());
        Assert.Equal(first, Regions(3));
        // consecutive runs (other seeds) start elsewhere: not every run re-reads the regions the one before it began with
        Assert.True(Enumerable.Range(1, 6).Select(seed => Regions((ulong)seed)[0]).Distinct().Count() > 1);
    }

    [Fact]
    public void A_region_smaller_than_one_read_is_refused()
    {
        using var directory = new TempDirectory();
        var file = TestFileGenerator.Ensure(directory.Path, 1L << 20);
        using var control = new ReadControl(ReadMethod.Buffered, file.Path, threads: 2, regions: 4, seed: 3);
        Assert.Throws<ArgumentException>(() => control.Measure(512 << 10, TimeSpan.Zero)); // a quarter MiB region
        Assert.Throws<ArgumentOutOfRangeException>(() => new ReadControl(ReadMethod.Buffered, file.Path, threads: 2, regions: 0, seed: 3));
    }
}
