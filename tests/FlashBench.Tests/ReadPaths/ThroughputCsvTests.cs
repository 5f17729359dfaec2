using FlashBench.Core.Results;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.ReadPaths;

public sealed class ThroughputCsvTests
{
    [Fact]
    public void Rows_round_trip_through_csv_with_the_documented_header()
    {
        using var directory = new TempDirectory();
        var rows = new[]
        {
            new ThroughputRow { Method = "direct", ReadPath = "pread, O_DIRECT", ChunkBytes = 32768, Threads = 32, Iteration = 0, Reads = 1000,
                BytesRead = 32_768_000, Seconds = 0.2, ThroughputMBps = 163.84, P50Micros = 120.5, P99Micros = 900.25, ResidentBefore = 0,
                ResidentAfter = 0.001, Cache = "cold", Pass = 2, DeviceBytes = 32_800_768, RereadBytes = 4096, PointMBps = 160.5, PointMinMBps = 150, PointMaxMBps = 170.25, PointPasses = 3 },
            new ThroughputRow { Method = "mmap-random", ReadPath = "mmap, \"MADV_RANDOM\"", ChunkBytes = 4096, Threads = 1, Iteration = 1, Reads = 3,
                BytesRead = 12288, Seconds = 1.0 / 3, ThroughputMBps = 0.036864, ResidentBefore = 0.5, Cache = "warm", VerifyFailures = 2, Excluded = "O_DIRECT left 2.0% of the file in the page cache, \"fell back\"" },
        };
        string path = directory.File(ThroughputRow.FileName);
        CsvFiles.Write(path, rows);

        string header = File.ReadLines(path).First();
        Assert.StartsWith("method,read_path,chunk_bytes,threads,pass,iteration,reads,bytes_read,seconds,throughput_mb_s", header);
        foreach (string column in new[] { "p50_us", "p99_us", "resident_before", "resident_after", "cache", "device_bytes", "reread_bytes", "excluded", "point_mb_s", "point_min_mb_s", "point_max_mb_s" })
            Assert.Contains(column, header.Split(','));
        Assert.DoesNotContain("IsFlash", header);
        Assert.DoesNotContain("IsWarm", header);

        var back = CsvFiles.Read<ThroughputRow>(path);
        Assert.Equal(rows.Length, back.Count);
        for (int i = 0; i < rows.Length; i++)
            Assert.Equivalent(rows[i], back[i], strict: true);
    }

    [Fact]
    public void A_malformed_csv_is_refused_with_one_line()
    {
        using var directory = new TempDirectory();
        string path = directory.File("throughput.csv");
        File.WriteAllText(path, "method,chunk_bytes\ndirect,not-a-number\n");
        var error = Assert.Throws<CsvFormatException>(() => CsvFiles.Read<ThroughputRow>(path));
        Assert.DoesNotContain('\n', error.Message);
    }
}
