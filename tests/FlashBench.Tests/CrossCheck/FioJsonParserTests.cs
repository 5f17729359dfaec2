using FlashBench.Core.CrossCheck;

namespace FlashBench.Tests.CrossCheck;

public sealed class FioJsonParserTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "fio", name));

    [Fact]
    public void A_real_fio_json_result_gives_throughput_iops_and_latency_percentiles()
    {
        var job = new FioJob("/data/file.bin", 32768, 2, TimeSpan.FromSeconds(1));
        string output = "fio: some warning before the JSON\n" + Fixture("randread-32k-2jobs.json");
        var row = FioJsonParser.Parse(output, job);
        Assert.Equal(32768, row.ChunkBytes);
        Assert.Equal(2, row.Threads);
        Assert.Equal(376.815632, row.ThroughputMBps, 6);
        Assert.Equal(11499.5005, row.Iops, 4);
        Assert.Equal(138.24, row.P50Micros, 6);
        Assert.Equal(268.288, row.P99Micros, 6);
        Assert.Equal(1.001, row.RuntimeSeconds, 6);
        Assert.Equal("fio-3.33", row.FioVersion);
    }

    [Fact]
    public void The_fio_job_mirrors_the_direct_method()
    {
        var arguments = new FioJob("/data/file.bin", 4096, 32, TimeSpan.FromSeconds(3)).Arguments();
        Assert.Contains("--ioengine=psync", arguments);
        Assert.Contains("--direct=1", arguments);
        Assert.Contains("--rw=randread", arguments);
        Assert.Contains("--bs=4096", arguments);
        Assert.Contains("--numjobs=32", arguments);
        Assert.Contains("--readonly", arguments);
    }

    [Fact]
    public void Output_without_json_is_refused()
    {
        var job = new FioJob("/data/file.bin", 4096, 1, TimeSpan.FromSeconds(1));
        Assert.Throws<InvalidDataException>(() => FioJsonParser.Parse("fio: permission denied", job));
    }
}
