using FlashBench.Core.CrossCheck;
using FlashBench.Core.Storage;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.CrossCheck;

/// <summary>fio itself (installed by scripts/install-deps.sh), on a small file for a second.</summary>
public sealed class FioProcessTests
{
    [FioFact]
    public void A_paired_round_runs_real_fio_beside_flashbench_on_the_same_file()
    {
        Assert.True(FioProcess.Version() is not null, $"fio is needed for this test: {FioProcess.InstallHint}");
        using var directory = new TempDirectory();
        var file = TestFileGenerator.Ensure(directory.Path, 32L << 20);
        using var point = new PairedPoint(file, 64 << 10, 2, TimeSpan.FromSeconds(1), seed: 3);

        var row = point.RunRound(0, 1);

        Assert.Equal(64 << 10, row.ChunkBytes);
        Assert.Equal(2, row.Threads);
        Assert.StartsWith("fio-", row.FioVersion);
        Assert.True(row.ThroughputMBps > 0 && row.ControlMBps > 0 && row.FlashBenchDirectMBps > 0);
        Assert.Equal(0, row.BytesRead % (64 << 10)); // fio counts whole blocks
        Assert.InRange(row.RuntimeSeconds, 0.9, 2.0);
        var flashBench = Assert.Single(point.FlashBenchIterations);
        Assert.Equal(flashBench.ThroughputMegabytesPerSecond, row.FlashBenchDirectMBps!.Value, 9);
        Assert.Equal("", flashBench.Excluded);
    }

    [Fact]
    public void The_fio_job_mirrors_the_direct_method_with_fresh_offsets()
    {
        var arguments = new FioJob("/data/file.bin", 4096, 32, TimeSpan.FromSeconds(3)).Arguments();
        Assert.Contains("--randrepeat=0", arguments);
        Assert.DoesNotContain("--norandommap", arguments);
        Assert.Contains("--group_reporting", arguments);
        Assert.Contains("--runtime=3000ms", arguments);
    }
}
