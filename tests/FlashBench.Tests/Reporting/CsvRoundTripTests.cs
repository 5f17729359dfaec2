using FlashBench.Core.Results;
using FlashBench.Reporting.Throughput;

namespace FlashBench.Tests.Reporting;

public sealed class CsvRoundTripTests
{
    [Fact]
    public void Throughput_row_round_trips_through_csv_files()
    {
        using var temp = new TempDirectory();
        var row = new ThroughputRow
        {
            Method = "direct", ReadPath = "pread on open(O_DIRECT), \"quoted\"; page cache bypassed", ChunkBytes = 32768, Threads = 32,
            Iteration = 2, Reads = 123456, BytesRead = 123456L * 32768, Seconds = 1.25, ThroughputMBps = 3236.1234567,
            MeanMicros = 310.5, P50Micros = 290.25, P90Micros = 400, P99Micros = 812.75, MaxMicros = 2048.5,
            ResidentBefore = 0, ResidentAfter = 0.015625, Cache = "cold", VerifyFailures = 0,
        };
        string path = Path.Combine(temp.Path, ThroughputRow.FileName);

        CsvFiles.Write(path, [row]);
        var back = Assert.Single(CsvFiles.Read<ThroughputRow>(path));

        Assert.Equivalent(row, back, strict: true);
        Assert.StartsWith("method,read_path,chunk_bytes,threads,pass,iteration,", File.ReadLines(path).First());
    }

    [Fact]
    public void Cost_model_rows_round_trip()
    {
        using var temp = new TempDirectory();
        var row = new CostModelRow { Method = "direct", Threads = 32, Points = 12, ChunkSizes = 4, FixedCostMicros = 80.5, BandwidthMBps = 900.25, RSquared = 0.9991 };
        string path = Path.Combine(temp.Path, CostModelRow.FileName);

        CsvFiles.Write(path, [row]);

        Assert.Equivalent(row, Assert.Single(CsvFiles.Read<CostModelRow>(path)), strict: true);
    }
}
