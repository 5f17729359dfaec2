using FlashBench.Core.Results;
using FlashBench.Reporting.Paper;
using FlashBench.Reporting.Throughput;
using MathNet.Numerics.Statistics;

namespace FlashBench.Tests.Reporting;

public sealed class ThroughputAnalysisTests
{
    [Fact]
    public void Cost_model_recovers_fixed_cost_and_bandwidth()
    {
        // t = 50 µs + bytes / (1000 MB/s): 1000 MB/s is 1000 bytes per µs.
        var rows = new[] { 4096, 32768, 262144, 1048576 }.Select(bytes => new ThroughputRow
        {
            Method = "direct", ChunkBytes = bytes, Threads = 8, Cache = "cold", MeanMicros = 50 + bytes / 1000.0,
        }).ToList();
        rows.Add(new ThroughputRow { Method = "direct", ChunkBytes = 4096, Threads = 8, Cache = "warm", MeanMicros = 1 });

        var fit = Assert.Single(CostModel.Fit(rows));

        Assert.Equal(50, fit.FixedCostMicros, 6);
        Assert.Equal(1000, fit.BandwidthMBps, 6);
        Assert.Equal(1, fit.RSquared, 9);
        Assert.Equal(4, fit.Points); // the warm row is left out
    }

    [Fact]
    public void Key_figures_use_cold_medians_only()
    {
        var rows = CsvFiles.Read<ThroughputRow>(Path.Combine(Fixtures.Reporting(), "run-small", ThroughputRow.FileName));
        var groups = ThroughputGroup.From(rows);
        double coldMedian = rows.Where(r => r.Method == "buffered" && r.ChunkBytes == 1 << 20 && r.Threads == 32 && r.Cache == "cold")
            .Select(r => r.ThroughputMBps).Median();

        string table = ThroughputKeyFigures.Table(groups);

        string bufferedLine = table.Split('\n').Single(l => l.StartsWith("| buffered |", StringComparison.Ordinal));
        Assert.Contains($"| {coldMedian:F1} |", bufferedLine);
        Assert.Contains("yes (4K→1M)", bufferedLine);
    }

    [Fact]
    public void Fio_cross_check_flags_points_below_97_percent()
    {
        var rows = CsvFiles.Read<ThroughputRow>(Path.Combine(Fixtures.Reporting(), "run-small", ThroughputRow.FileName));
        var fio = CsvFiles.Read<FioRow>(Path.Combine(Fixtures.Reporting(), "run-small", FioRow.FileName));

        var checks = FioCrossCheck.Compare(ThroughputGroup.From(rows), fio);

        Assert.Equal(fio.Count, checks.Count);
        var top = checks.Single(c => c.ChunkBytes == 1 << 20 && c.Threads == 32);
        double median = rows.Where(r => r.Method == "direct" && r.ChunkBytes == 1 << 20 && r.Threads == 32).Select(r => r.ThroughputMBps).Median();
        Assert.Equal(median / fio.Single(f => f.ChunkBytes == 1 << 20 && f.Threads == 32).ThroughputMBps, top.Ratio, 9);
        Assert.All(checks, c => Assert.Equal(c.Ratio < FioCrossCheck.Tolerance, c.BelowFio));
        // the fixture's fio is about 10 % above FlashBench at 4K and 32 threads, 1 % below at 1M
        Assert.True(checks.Single(c => c.ChunkBytes == 4096 && c.Threads == 32).BelowFio);
        Assert.False(top.BelowFio);
    }

    [Fact]
    public void Fio_cross_check_prefers_flashbench_figures_paired_with_fio()
    {
        var rows = CsvFiles.Read<ThroughputRow>(Path.Combine(Fixtures.Reporting(), "run-small", ThroughputRow.FileName));
        var fio = CsvFiles.Read<FioRow>(Path.Combine(Fixtures.Reporting(), "run-paired-fio", FioRow.FileName));

        var checks = FioCrossCheck.Compare(ThroughputGroup.From(rows), fio);

        Assert.All(checks, c => Assert.True(c.Paired));
        Assert.Equal(7252.0 / 7400.0, checks.Single(c => c.ChunkBytes == 32768).Ratio, 9);
        Assert.False(checks.Single(c => c.ChunkBytes == 32768).BelowFio);
        Assert.True(checks.Single(c => c.ChunkBytes == 1 << 20).BelowFio);
    }

    [Fact]
    public void Paper_table3_parts_add_up_to_the_totals()
    {
        Assert.Equal(21, PaperTable3.Rows.Count);
        Assert.All(PaperTable3.Rows, r => Assert.InRange(r.IoMs + r.MemoryMs + r.ComputeMs - r.TotalMs, -1, 1));
        Assert.Equal(669, PaperTable3.Find("OPT 6.7B", "All")!.TotalMs);
        Assert.Null(PaperTable3.Find("Phi-2", "Speculative", "GPU"));
        Assert.Equal(87, PaperTable2.Row("+Bundling").IoLatencyMs);
        Assert.Equal(PaperTable2.Rows.Count, PaperTable2.Rows.Select(r => r.Configuration).Distinct().Count());
    }
}
