using FlashBench.Core.CrossCheck;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.CrossCheck;

/// <summary>fio beside the io_uring method: the same engine and depth, registered buffers and file, and each depth
/// judged as its own point.</summary>
public sealed class FioIoUringTests
{
    [Fact]
    public void The_fio_job_mirrors_io_uring_at_its_depth_with_fixed_buffers_and_files()
    {
        var job = new FioJob("/data/file.bin", 32768, 1, TimeSpan.FromSeconds(3), ReadMethod.IoUring, 32);
        var arguments = job.Arguments();
        Assert.Contains("--ioengine=io_uring", arguments);
        Assert.Contains("--iodepth=32", arguments);
        Assert.Contains("--fixedbufs", arguments);
        Assert.Contains("--registerfiles", arguments);
        Assert.Contains("--direct=1", arguments);
        Assert.Contains("--randrepeat=0", arguments);
        Assert.Contains("--numjobs=1", arguments);
        Assert.DoesNotContain("--ioengine=psync", arguments);
        Assert.Contains("--ioengine=psync", new FioJob("/data/file.bin", 32768, 4, TimeSpan.FromSeconds(3)).Arguments());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FioJob("/f", 4096, 1, TimeSpan.FromSeconds(1), ReadMethod.Buffered).Arguments());
    }

    [Fact]
    public void Each_depth_is_checked_against_its_own_rounds_and_grid_line()
    {
        static FioRow Row(string method, int depth, double fio, double flashBench, double control) => new()
        {
            Method = method, QueueDepth = depth, ChunkBytes = 32768, Threads = 1, ThroughputMBps = fio,
            FlashBenchDirectMBps = flashBench, ControlMBps = control,
        };
        var rows = new[]
        {
            Row("io_uring", 32, 1000, 990, 1100), Row("io_uring", 32, 1000, 1010, 950),
            Row("io_uring", 4, 500, 200, 510), Row("io_uring", 4, 500, 210, 490),
            Row("direct", 1, 300, 300, 310), Row("direct", 1, 300, 290, 290),
        };
        var checks = FioPointCheck.From(rows, (series, _, _) => series == "io_uring-qd32" ? 1005 : null);
        Assert.Equal(3, checks.Count);
        Assert.Equal(["direct", "io_uring-qd4", "io_uring-qd32"], checks.Select(c => c.Series));
        Assert.True(checks.Single(c => c.Series == "io_uring-qd32").Ok);
        Assert.Equal(1005, checks.Single(c => c.Series == "io_uring-qd32").GridMBps);
        Assert.Equal("below fio's band", checks.Single(c => c.Series == "io_uring-qd4").Verdict);
    }

    [FioFact]
    public void A_paired_round_runs_fio_io_uring_beside_flashbench_io_uring()
    {
        if (!IoUringProbe.Kernel().Supported)
            return; // the io_uring tests elsewhere show the skip and its reason
        using var directory = new TempDirectory();
        var file = TestFileGenerator.Ensure(directory.Path, 32L << 20);
        using var point = new PairedPoint(file, new ThroughputPoint(ReadMethod.IoUring, 32 << 10, 1, 8), TimeSpan.FromSeconds(1), seed: 3);

        var row = point.RunRound(0, 1);

        Assert.Equal("io_uring", row.Method);
        Assert.Equal(8, row.QueueDepth);
        Assert.Contains("io_uring iodepth=8", row.Engine);
        Assert.True(row.ThroughputMBps > 0 && row.ControlMBps > 0 && row.FlashBenchDirectMBps > 0);
        Assert.Equal(0, row.BytesRead % (32 << 10));
        Assert.Equal(8, Assert.Single(point.FlashBenchIterations).Point.QueueDepth);
    }
}
