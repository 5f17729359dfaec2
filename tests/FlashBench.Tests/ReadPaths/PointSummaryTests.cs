using FlashBench.Core.Results;
using FlashBench.Core.Throughput.Summaries;

namespace FlashBench.Tests.ReadPaths;

public sealed class PointSummaryTests
{
    private static ThroughputRow Row(int pass, double mbps, int chunk = 4096, int threads = 1, string cache = "cold", string excluded = "", string method = "direct") =>
        new() { Method = method, ChunkBytes = chunk, Threads = threads, Pass = pass, ThroughputMBps = mbps, Cache = cache, Excluded = excluded };

    [Fact]
    public void A_point_is_the_median_of_its_pass_medians_with_their_range()
    {
        var rows = new[]
        {
            Row(0, 100), Row(0, 110), Row(0, 300),     // pass 0: median 110
            Row(1, 90), Row(1, 95), Row(1, 97),        // pass 1: 95
            Row(2, 120), Row(2, 130), Row(2, 125),     // pass 2: 125
            Row(2, 9000, cache: "warm"), Row(1, 1, excluded: "O_DIRECT left pages"),
        };
        var point = Assert.Single(PointSummaries.Of(rows));
        Assert.Equal([110.0, 95.0, 125.0], point.Passes.Select(p => p.Value));
        Assert.Equal(110, point.Median);
        Assert.Equal(95, point.Figure.Min);
        Assert.Equal(125, point.Figure.Max);
        Assert.Null(point.Figure.LowerQuartile); // three passes: no quartiles
    }

    [Fact]
    public void Four_passes_or_more_get_quartiles()
    {
        var spread = Spread.Of([10.0, 20, 30, 40, 50]);
        Assert.Equal(30, spread.Median);
        Assert.NotNull(spread.LowerQuartile);
        Assert.InRange(spread.LowerQuartile!.Value, 10, 30);
        Assert.InRange(spread.UpperQuartile!.Value, 30, 50);
        Assert.True(spread.LowerQuartile < spread.UpperQuartile);
    }

    [Fact]
    public void Annotated_rows_carry_their_pass_and_point_figures()
    {
        var rows = new[] { Row(0, 100), Row(0, 200), Row(1, 50), Row(0, 7, chunk: 8192, cache: "warm") };
        PointSummaries.Annotate(rows);
        Assert.Equal(150, rows[0].PassMBps);
        Assert.Equal(50, rows[2].PassMBps);
        Assert.All(rows[..3], r => Assert.Equal(100, r.PointMBps));
        Assert.All(rows[..3], r => Assert.Equal((50, 150, 2), (r.PointMinMBps!.Value, r.PointMaxMBps!.Value, r.PointPasses!.Value)));
        Assert.Null(rows[3].PointMBps); // a warm-only point has no flash figure
    }

    [Fact]
    public void The_curve_takes_the_best_thread_count_by_median_not_a_burst()
    {
        var rows = new List<ThroughputRow>
        {
            // 1 thread: steady 400
            Row(0, 400, threads: 1), Row(1, 410, threads: 1), Row(2, 390, threads: 1),
            // 2 threads: one burst iteration of 5000, otherwise 300
            Row(0, 300, threads: 2), Row(0, 5000, threads: 2), Row(0, 310, threads: 2), Row(1, 290, threads: 2), Row(2, 305, threads: 2),
            Row(0, 999, method: "buffered"),
        };
        var best = Assert.Single(ThroughputCurve.BestPerChunk(rows, "direct"));
        Assert.Equal(1, best.Threads);
        Assert.Equal(400, best.Median);
        Assert.Equal(2, ThroughputCurve.Points(rows, "direct").Count);
    }
}
