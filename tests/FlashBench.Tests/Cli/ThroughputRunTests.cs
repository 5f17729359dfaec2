using FlashBench.Bench.Cli;
using FlashBench.Bench.Experiments.Throughput;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Results;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Cli;

/// <summary>The throughput experiment end to end on a small file: every point in every pass, points summarised across
/// passes on every row, the run's seed and re-read share in run.json, the run complete.</summary>
[Collection(ExperimentRunCollection.Name)]
public sealed class ThroughputRunTests
{
    [Fact]
    public void A_small_grid_runs_in_passes_and_records_its_seed()
    {
        using var output = new TempDirectory();
        using var data = new TempDirectory();
        int code = FlashBenchCli.Run(["throughput", "--methods", "direct,buffered", "--chunks", "4K,64K", "--threads", "1,2", "--passes", "2",
            "--iteration-ms", "100", "--file-size", "64M", "--seed", "42", "--out", output.Path, "--data-dir", data.Path, "--no-device-watch"]);

        Assert.Equal(ExitCodes.Success, code);
        string run = Assert.Single(Directory.GetDirectories(output.Path));
        var info = RunInfo.Section<ThroughputRunInfo>(run, ExperimentCatalog.Throughput.Name)!;
        Assert.Equal(42UL, info.Seed);
        Assert.NotNull(info.RereadFraction);
        var rows = CsvFiles.Read<ThroughputRow>(Path.Combine(run, ThroughputRow.FileName));
        Assert.Equal(info.Methods.Count * 2 * 2 * 2, rows.Count);
        Assert.Equal([0, 1], rows.Select(r => r.Pass).Distinct().Order());
        Assert.All(rows, r => Assert.True(r.Reads >= 20 * r.Threads, $"{r.Method} {r.ChunkBytes} x{r.Threads}: {r.Reads} completed reads"));
        // A point counts the passes in which it stayed a flash figure: a fast disk can read a 64 MiB file more than
        // once in 100 ms, and the repeat is then excluded, not counted.
        Assert.All(rows.Where(r => r.IsFlash), r => Assert.Equal(
            rows.Where(o => o.IsFlash && o.Method == r.Method && o.ChunkBytes == r.ChunkBytes && o.Threads == r.Threads)
                .Select(o => o.Pass).Distinct().Count(),
            r.PointPasses));
        Assert.All(rows.Where(r => !r.IsFlash), r => Assert.True(r.IsWarm || r.DeviceBytes < r.BytesRead, r.Excluded));
        Assert.Contains(rows, r => r.IsFlash && r.PointPasses == 2);
        Assert.Contains("completed_utc", File.ReadAllText(Path.Combine(run, RunInfo.FileName)));
    }
}

/// <summary>io_uring on the throughput grid: chunk × ring threads × depth beside the direct method's threads, every row
/// with its depth and CPU time, each depth its own point, and the report's reads-in-flight and CPU charts.</summary>
[Collection(ExperimentRunCollection.Name)]
public sealed class ThroughputQueueDepthRunTests
{
    [IoUringFact]
    public void Io_uring_depths_are_grid_points_with_cpu_time_and_the_report_draws_them_against_reads_in_flight()
    {
        using var output = new TempDirectory();
        using var data = new TempDirectory();
        int code = FlashBenchCli.Run(["throughput", "--methods", "direct,io_uring", "--chunks", "16K", "--threads", "1,4",
            "--queue-depths", "1,4", "--queue-threads", "1", "--passes", "2", "--iteration-ms", "100", "--file-size", "64M",
            "--out", output.Path, "--data-dir", data.Path, "--no-device-watch"]);

        Assert.Equal(ExitCodes.Success, code);
        string run = Assert.Single(Directory.GetDirectories(output.Path));
        var rows = CsvFiles.Read<ThroughputRow>(Path.Combine(run, ThroughputRow.FileName));
        Assert.Equal(2 * 2 + 2 * 2, rows.Count);
        Assert.Equal([1, 4], rows.Where(r => r.Method == "io_uring").Select(r => r.QueueDepth).Distinct().Order());
        Assert.All(rows.Where(r => r.Method == "io_uring"), r => Assert.Equal(1, r.Threads));
        Assert.All(rows.Where(r => r.Method == "direct"), r => Assert.Equal(1, r.QueueDepth));
        Assert.All(rows, r => Assert.True(r.CpuSeconds > 0 && r.MBPerCpuSecond > 0, $"{r.Series}: no CPU time"));
        Assert.All(rows.Where(r => r.IsFlash), r => Assert.Equal(
            rows.Where(o => o.IsFlash && o.Series == r.Series && o.Threads == r.Threads).Select(o => o.Pass).Distinct().Count(), r.PointPasses));

        string plots = Path.Combine(run, "plots"); // results not under a folder called "results": the plots sit inside the run
        if (rows.Any(r => r.IsFlash && r.Method == "io_uring"))
        {
            Assert.True(File.Exists(Path.Combine(plots, "throughput-in-flight-16K.png")), "the reads-in-flight chart");
            Assert.True(File.Exists(Path.Combine(plots, "throughput-per-cpu-16K.png")), "the MB/s per CPU-second chart");
            Assert.Contains("Reads in flight and CPU time at 16K", File.ReadAllText(Path.Combine(run, "REPORT.md")));
        }
    }
}
