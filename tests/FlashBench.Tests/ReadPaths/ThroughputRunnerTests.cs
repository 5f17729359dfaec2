using FlashBench.Core.ReadPaths;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;
using FlashBench.Core.Throughput.Offsets;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.ReadPaths;

public sealed class ThroughputRunnerTests(TestFileFixture fixture) : IClassFixture<TestFileFixture>
{
    /// <summary>A window of zero: every reader completes exactly the minimum, then stops.</summary>
    private static ThroughputSettings FixedReads(int reads, ulong seed = 1) =>
        new(TimeSpan.Zero, Seed: seed) { MinReadsPerReader = reads };

    [Fact]
    public void Reads_counts_completed_reads_and_bytes_are_whole_chunks()
    {
        using var runner = new ThroughputRunner(fixture.File, new ThroughputPoint(ReadMethod.Buffered, 16 << 10, 3), FixedReads(25));
        var m = runner.MeasureOnce();
        Assert.Equal(75, m.Reads);
        Assert.Equal(75L * (16 << 10), m.BytesRead);
        Assert.Equal(25, m.MinReadsPerReader);
        Assert.True(m.Seconds > 0);
        Assert.Equal(m.BytesRead / m.Seconds / 1e6, m.ThroughputMegabytesPerSecond, 9);
    }

    [Fact]
    public void An_iteration_lasts_its_duration_and_at_least_twenty_reads_per_reader()
    {
        using var runner = new ThroughputRunner(fixture.File, new ThroughputPoint(ReadMethod.Direct, 64 << 10, 4),
            new ThroughputSettings(TimeSpan.FromMilliseconds(40)));
        var m = runner.MeasureOnce();
        Assert.True(m.Seconds >= 0.040, $"window {m.Seconds} s is shorter than the iteration's duration");
        Assert.True(m.MinReadsPerReader >= ThroughputSettings.DefaultMinReadsPerReader, $"a reader stopped after {m.MinReadsPerReader} reads");
        Assert.True(m.Reads >= 4 * ThroughputSettings.DefaultMinReadsPerReader);
        Assert.Equal(m.Reads * (64L << 10), m.BytesRead);
    }

    [Fact]
    public void Two_runs_with_the_same_seed_read_the_same_places_and_another_seed_reads_others()
    {
        var first = ReadOnce(seed: 5);
        var again = ReadOnce(seed: 5);
        var other = ReadOnce(seed: 6);
        Assert.True(first.EverReadEquals(again), "the same seed read other places");
        Assert.False(first.EverReadEquals(other), "another seed read the same places");
    }

    [Fact]
    public void A_run_that_reads_less_than_its_file_re_reads_nothing()
    {
        int[] chunks = [4 << 10, 64 << 10, 1 << 20];
        var map = new RunReadMap(fixture.File.Bytes, chunks);
        var measurements = new List<IterationMeasurement>();
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (int chunk in chunks)
            {
                using var runner = new ThroughputRunner(fixture.File, new ThroughputPoint(ReadMethod.Direct, chunk, 2), FixedReads(4), map, pass);
                measurements.Add(runner.MeasureOnce());
                measurements.Add(runner.MeasureOnce());
            }
        }
        Assert.True(map.BytesRead < fixture.File.Bytes);
        Assert.Equal(measurements.Sum(m => m.BytesRead), map.BytesRead);
        Assert.All(measurements, m => Assert.Equal(0, m.RereadBytes));
        Assert.Equal(0, map.RereadBytes);
        Assert.Equal(0, map.RereadFraction);
    }

    [Fact]
    public void Rows_carry_what_the_device_read_and_direct_reads_reach_the_device()
    {
        using var runner = new ThroughputRunner(fixture.File, new ThroughputPoint(ReadMethod.Direct, 256 << 10, 2), FixedReads(20));
        Assert.True(runner.Device.Device is not null, runner.Device.Detail);
        var m = runner.MeasureOnce();
        Assert.NotNull(m.DeviceBytes);
        // other processes only add to the device's counters: it read at least what O_DIRECT delivered
        Assert.True(m.DeviceBytes >= m.BytesRead, $"device read {m.DeviceBytes} of {m.BytesRead} bytes delivered");
        Assert.Equal("", m.Excluded);
    }

    [Fact]
    public void A_map_made_for_other_chunk_sizes_is_refused()
    {
        var map = new RunReadMap(fixture.File.Bytes, [4096]);
        Assert.Throws<ArgumentException>(() => new ThroughputRunner(fixture.File, new ThroughputPoint(ReadMethod.Direct, 8192, 1), FixedReads(1), map));
    }

    private RunReadMap ReadOnce(ulong seed)
    {
        var map = new RunReadMap(fixture.File.Bytes, [4 << 10, 1 << 20]);
        foreach (int chunk in new[] { 4 << 10, 1 << 20 })
        {
            using var runner = new ThroughputRunner(fixture.File, new ThroughputPoint(ReadMethod.Direct, chunk, 1), FixedReads(30, seed), map);
            runner.MeasureOnce();
        }
        return map;
    }
}

public sealed class IterationFigureTests
{
    [Fact]
    public void Throughput_is_completed_bytes_over_the_longest_reader_runtime_as_in_fio()
    {
        ReaderTally[] readers =
        [
            new(Reads: 10, Bytes: 10_000_000, RereadBytes: 0, RuntimeTicks: 1_000, VerifyFailures: 0),
            new(Reads: 30, Bytes: 30_000_000, RereadBytes: 4096, RuntimeTicks: 2_000, VerifyFailures: 1),
        ];
        var group = GroupTally.Of(readers, ticksPerSecond: 1_000);
        Assert.Equal(40, group.Reads);
        Assert.Equal(40_000_000, group.Bytes);
        Assert.Equal(2.0, group.Seconds);
        Assert.Equal(10, group.MinReadsPerReader);
        Assert.Equal(20.0, group.MegabytesPerSecond, 9);
        Assert.Equal(4096, group.RereadBytes);
        Assert.Equal(1, group.VerifyFailures);
    }

    [Theory]
    [InlineData(ReadMethod.Direct, 0.02, 1000, 1000L, "page cache")]
    [InlineData(ReadMethod.Direct, 0.0, 1_000_000, 500_000L, "cache FlashBench cannot see")]
    [InlineData(ReadMethod.Buffered, 0.0, 1_000_000, 500_000L, "page cache (offsets repeated")]
    [InlineData(ReadMethod.MmapRandom, 0.9, 1_000_000, 950_000L, "")]
    [InlineData(ReadMethod.MmapNormal, 0.5, 1_000_000, 8_000_000L, "")]
    [InlineData(ReadMethod.Buffered, 0.0, 1_000_000, null, "")]
    public void Direct_rows_with_pages_left_and_rows_the_device_did_not_read_are_excluded(ReadMethod method, double residentAfter, long delivered, long? device, string reason)
    {
        string excluded = IterationExclusion.Reason(method, residentAfter, delivered, device);
        if (reason.Length == 0)
            Assert.Equal("", excluded);
        else
            Assert.Contains(reason, excluded);
    }

    [Fact]
    public void The_test_file_pattern_is_unchanged()
    {
        // the bytes of every test file on disk depend on it: a change would silently invalidate them
        Assert.Equal(0x1FD30DE9D9FF2B8DUL, TestFilePattern.WordAt(12345, TestFileGenerator.DefaultSeed));
    }
}
