using FlashBench.Core.Results;
using FlashBench.Core.Throughput.Summaries;
using FlashBench.Reporting.Paper;
using FlashBench.Reporting.Throughput;

namespace FlashBench.Tests.Reporting;

public sealed class ThroughputAnalysisTests
{
    private static List<ThroughputRow> SmallRun() => CsvFiles.Read<ThroughputRow>(Path.Combine(Fixtures.Reporting(), "run-small", ThroughputRow.FileName));

    /// <summary>Single-thread rows of t = t0 + bytes / B over three passes, each pass off by its own factor.</summary>
    private static List<ThroughputRow> CostRows(double t0, double bytesPerMicro, params double[] passFactors) =>
        [.. new[] { 4096, 32768, 262144, 1048576 }.SelectMany(bytes => passFactors.Select((factor, pass) => new ThroughputRow
        {
            Method = "direct", ChunkBytes = bytes, Threads = 1, Pass = pass, Cache = "cold", MeanMicros = (t0 + bytes / bytesPerMicro) * factor,
        }))];

    [Fact]
    public void Cost_model_recovers_fixed_cost_and_bandwidth_from_single_thread_rows_only()
    {
        var rows = CostRows(50, 1000, 1.0, 1.0, 1.0);
        rows.Add(new ThroughputRow { Method = "direct", ChunkBytes = 4096, Threads = 8, Cache = "cold", MeanMicros = 900 });
        rows.Add(new ThroughputRow { Method = "direct", ChunkBytes = 4096, Threads = 1, Cache = "warm", MeanMicros = 1 });
        rows.Add(new ThroughputRow { Method = "direct", ChunkBytes = 4096, Threads = 1, Cache = "cold", MeanMicros = 1, Excluded = "O_DIRECT fell back" });

        var fit = Assert.Single(CostModel.Fit(rows));

        Assert.Equal(50, fit.FixedCostMicros, 6);
        Assert.Equal(1000, fit.BandwidthMBps, 6);
        Assert.Equal(1, fit.RSquared, 9);
        Assert.Equal(12, fit.Points); // four sizes × three passes; 8 threads, warm and excluded rows left out
        Assert.Equal(CostModel.Ok, fit.Status);
    }

    [Fact]
    public void Cost_model_intervals_hold_the_true_values_of_noisy_passes()
    {
        var fit = Assert.Single(CostModel.Fit(CostRows(50, 1000, 0.97, 1.0, 1.04)));
        Assert.InRange(50, fit.FixedCostLowMicros, fit.FixedCostHighMicros);
        Assert.InRange(1000, fit.BandwidthLowMBps, fit.BandwidthHighMBps);
        Assert.True(fit.FixedCostLowMicros < fit.FixedCostHighMicros);
        Assert.Equal(CostModel.Ok, fit.Status);
    }

    [Fact]
    public void A_poor_fit_or_a_negative_first_byte_latency_is_not_tabulated_as_a_result()
    {
        // latency falling with size: no line through it
        var scattered = new[] { (4096, 900.0), (32768, 100.0), (262144, 800.0), (1048576, 120.0) }
            .SelectMany(p => Enumerable.Range(0, 3).Select(pass => new ThroughputRow
            { Method = "mmap-random", ChunkBytes = p.Item1, Threads = 1, Pass = pass, Cache = "cold", MeanMicros = p.Item2 * (1 + pass * 0.01) }));
        var negative = CostRows(-20, 1000, 1.0, 1.01, 0.99).Where(r => r.ChunkBytes >= 32768).Select(r => { r.Method = "buffered"; return r; });
        var fits = CostModel.Fit(scattered.Concat(negative));

        Assert.Equal(CostModel.PoorFit, fits.Single(f => f.Method == "mmap-random").Status);
        Assert.Equal(CostModel.NegativeFixedCost, fits.Single(f => f.Method == "buffered").Status);
        string table = CostModelTable.Markdown(fits);
        Assert.Equal(2, table.Split('\n').Count(l => l.Contains("not a result", StringComparison.Ordinal)));
        Assert.DoesNotContain("-20.0 [", table); // named in the explanation, never as an estimate with an interval
    }

    [Fact]
    public void Key_figures_show_the_median_of_pass_medians_with_the_passes_range()
    {
        var rows = SmallRun();
        var point = PointSummaries.Of(rows).Single(p => p.Method == "buffered" && p.ChunkBytes == 1 << 20 && p.Threads == 32);

        string table = ThroughputKeyFigures.Table(ThroughputGroup.From(rows));

        string bufferedLine = table.Split('\n').Single(l => l.StartsWith("| buffered |", StringComparison.Ordinal));
        Assert.Contains($"| {point.Median:F1} [{point.Figure.Min:F1}–{point.Figure.Max:F1}] |", bufferedLine);
        Assert.Contains("yes (4K→1M)", bufferedLine);
        Assert.Equal(3, point.Passes.Count);
    }

    [Fact]
    public void Excluded_and_warm_rows_stay_out_of_every_median()
    {
        var rows = SmallRun();
        var groups = ThroughputGroup.From(rows);
        var excluded = Assert.Single(ExcludedRows.Of(rows));
        Assert.Equal(25000, excluded.ThroughputMBps);

        var direct = groups.Single(g => g.Method == "direct" && g.ChunkBytes == 32768 && g.Threads == 8);
        Assert.DoesNotContain(excluded, direct.Rows);
        Assert.True(direct.HighMBps < 25000);
        Assert.All(groups.Where(g => !g.Warm).SelectMany(g => g.Rows), r => Assert.True(r.IsFlash));
        Assert.Equal(2, groups.Count(g => g.Warm));
        Assert.Contains("fell back to buffered", ExcludedRows.Markdown([excluded]));
    }

    [Fact]
    public void Mmap_rows_show_what_the_device_read_per_byte_delivered()
    {
        var rows = SmallRun();
        var points = ReadAmplification.Of(rows, "mmap-random");
        Assert.Equal(12, points.Count);
        Assert.All(points, p => Assert.InRange(p.Median, 1.0, 1.1));
        Assert.Contains("1.02×", ReadAmplification.Markdown(rows));
        Assert.False(ReadAmplification.Applies("direct"));
    }

    [Fact]
    public void Fio_cross_check_judges_each_point_against_fios_own_band_and_flags_grid_figures_above_fio()
    {
        var rows = SmallRun();
        var fio = CsvFiles.Read<FioRow>(Path.Combine(Fixtures.Reporting(), "run-small", FioRow.FileName));

        var checks = FioCrossCheck.Compare(ThroughputGroup.From(rows), fio);

        Assert.Equal(5, checks.Count);
        Assert.All(checks, c => Assert.Equal(5, c.Rounds));
        // the fixture's fio is 10 % above FlashBench at 4K × 32, far outside fio's ±7 % band
        Assert.Equal("below fio's band", checks.Single(c => c.ChunkBytes == 4096 && c.Threads == 32).Verdict);
        Assert.Equal(4, checks.Count(c => c.Ok));
        // at 1M × 32 the grid's 2000 MB/s lies above every paired figure (best fio 1664 ± 112)
        var top = checks.Single(c => c.ChunkBytes == 1 << 20 && c.Threads == 32);
        Assert.True(top.Ok);
        Assert.True(top.GridAboveFio);
        Assert.Single(checks, c => c.GridAboveFio);
        string summary = FioCrossCheck.Summary(checks);
        Assert.Contains("at 4 of 5 points (80", summary);
        Assert.Contains("1 published grid figure(s) lie above", summary);
        Assert.Contains("above fio", FioCrossCheck.Table(checks));
    }

    [Fact]
    public void An_older_fio_csv_without_a_control_reads_but_judges_nothing()
    {
        var rows = SmallRun();
        var fio = CsvFiles.Read<FioRow>(Path.Combine(Fixtures.Reporting(), "run-paired-fio", FioRow.FileName));

        var checks = FioCrossCheck.Compare(ThroughputGroup.From(rows), fio);

        Assert.Equal(2, checks.Count);
        Assert.All(checks, c => Assert.Equal("no fio ÷ fio control", c.Verdict));
        Assert.Equal(7252.0 / 7400.0, checks.Single(c => c.ChunkBytes == 32768).Ratio, 9);
        Assert.Contains("no point can be judged", FioCrossCheck.Summary(checks));
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
