using FlashBench.Bench.Hosting;
using FlashBench.Core.Machine;
using FlashBench.Core.Results;
using FlashBench.Reporting.Comparison;

namespace FlashBench.Tests.Comparison;

/// <summary>`compare` keys a throughput point by (method, chunk, threads, queue depth): io_uring's depths are points of
/// their own, each compared with the same depth on the other side, never mixed.</summary>
public sealed class QueueDepthKeyTests
{
    // one io_uring reader at 32 KiB: depth 1 reads about 100 MB/s, depth 32 about 1000
    private static readonly (int Depth, double MBps)[] Depths = [(1, 100), (4, 400), (32, 1000)];

    private static void Write(string run, int round, Func<int, double> code)
    {
        var rows = new List<ThroughputRow>();
        foreach (var (depth, mbps) in Depths)
        {
            for (int i = 0; i < ComparisonRuns.Iterations; i++)
            {
                rows.Add(new ThroughputRow
                {
                    Method = "io_uring", ReadPath = "test", ChunkBytes = 32768, Threads = 1, QueueDepth = depth, Pass = 0, Iteration = i,
                    ThroughputMBps = mbps * code(depth) * ComparisonRuns.Drift(round, 0.05) * ComparisonRuns.Jitter(i + depth),
                    Cache = "cold", DeviceState = DeviceStates.Steady,
                });
            }
        }
        CsvFiles.Write(Path.Combine(run, ThroughputRow.FileName), rows);
    }

    private static ComparisonReport Compare(ComparisonSides sides) =>
        RunComparer.Compare(sides.Base, sides.Head, new ComparisonOptions(), ExperimentCatalog.Comparisons);

    [Fact]
    public void Every_depth_is_a_point_of_its_own()
    {
        using var sides = new ComparisonSides(3, (run, round, _) => Write(run, round, _ => 1));

        var report = Compare(sides);

        Assert.Equal(Depths.Length, report.Points.Count);
        Assert.All(report.Points, p => Assert.Equal(1.0, p.Slowdown, 9));
        // each point's medians are its own depth's level, not a mix of depths
        Assert.Equal(Depths.Select(d => d.MBps).Order(), report.Points.Select(p => Math.Round(p.BaseMedian / 50) * 50).Order());
        // depth 1 keeps the name a point had before depth was a key (as the blocking methods' points do); the others name it
        Assert.Equal(["method=io_uring, chunk_bytes=32768, threads=1", "method=io_uring, chunk_bytes=32768, threads=1, queue_depth=32",
            "method=io_uring, chunk_bytes=32768, threads=1, queue_depth=4"], report.Points.Select(p => p.Measurement.Point).Order());
    }

    [Fact]
    public void A_slowdown_at_one_depth_is_found_at_that_depth_only()
    {
        // head's depth-32 reads are 20 % slower; depths 1 and 4 unchanged
        using var sides = new ComparisonSides(3, (run, round, head) => Write(run, round, depth => head && depth == 32 ? 1 / 1.2 : 1));

        var report = Compare(sides);

        var slowed = Assert.Single(report.Points, p => p.Slowdown > 1.01);
        Assert.Contains("queue_depth=32", slowed.Measurement.Point);
        Assert.InRange(slowed.Slowdown, 1.18, 1.22);
        Assert.All(report.Points.Where(p => p != slowed), p => Assert.Equal(1.0, p.Slowdown, 9));
    }
}
