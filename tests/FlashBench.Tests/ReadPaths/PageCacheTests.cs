using FlashBench.Core.Native;
using FlashBench.Core.PageCache;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.ReadPaths;

public sealed class PageCacheTests
{
    [Fact]
    public void Eviction_leaves_a_fully_read_file_non_resident()
    {
        using var directory = new TempDirectory();
        var file = TestFileGenerator.Ensure(directory.Path, 16L << 20);
        using (var path = ReadPath.Open(ReadMethod.Buffered, file.Path))
        using (var buffer = new AlignedBuffer(1 << 20))
        {
            for (long offset = 0; offset < file.Bytes; offset += 1 << 20)
                path.Read(offset, 1 << 20, buffer);
        }
        Assert.True(PageCacheControl.ResidentFraction(file.Path) > 0.9, "a file just read through the page cache is resident");
        PageCacheControl.Evict(file.Path);
        Assert.True(PageCacheControl.ResidentFraction(file.Path) < IterationMeasurement.ColdResidencyLimit);
    }

    [Fact]
    public void Mapped_pages_are_released_before_eviction_so_mmap_iterations_start_cold()
    {
        using var directory = new TempDirectory();
        var file = TestFileGenerator.Ensure(directory.Path, 16L << 20);
        using var runner = new ThroughputRunner(file, new ThroughputPoint(ReadMethod.MmapNormal, 1 << 20, 2),
            new ThroughputSettings(TimeSpan.FromMilliseconds(30)));
        runner.MeasureOnce();
        double before = runner.PrepareIteration();
        Assert.True(before < IterationMeasurement.ColdResidencyLimit, $"resident fraction after eviction was {before}");
        runner.RunIteration();
        var second = runner.CompleteIteration();
        Assert.Equal(CacheState.Cold, second.Cache);
        Assert.True(second.ResidentAfter > 0, "mmap reads leave pages in the page cache");
    }

    [Fact]
    public void Direct_reads_leave_the_page_cache_empty()
    {
        using var directory = new TempDirectory();
        var file = TestFileGenerator.Ensure(directory.Path, 16L << 20);
        Assert.True(DirectIoProbe.Check(file.Path).Supported);
        using var runner = new ThroughputRunner(file, new ThroughputPoint(ReadMethod.Direct, 64 << 10, 2),
            new ThroughputSettings(TimeSpan.FromMilliseconds(30)));
        var measurement = runner.MeasureOnce();
        Assert.True(measurement.ResidentAfter < IterationMeasurement.ColdResidencyLimit, $"O_DIRECT left {measurement.ResidentAfter:P} resident");
    }

    [Fact]
    public void The_direct_io_probe_refuses_tmpfs_whether_or_not_the_kernel_accepts_O_DIRECT_there()
    {
        Assert.True(Directory.Exists("/dev/shm"), "this Linux test needs /dev/shm (tmpfs)");
        using var directory = new TempDirectory("/dev/shm");
        var file = TestFileGenerator.Ensure(directory.Path, 1L << 20);
        var probe = DirectIoProbe.Check(file.Path);
        Assert.False(probe.Supported);
        Assert.Contains("tmpfs", probe.Detail);
    }
}
