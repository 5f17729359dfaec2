using FlashBench.Core.Inference.Projection;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;
using FlashBench.Core.Throughput.Offsets;
using FlashBench.Core.Throughput.Summaries;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>The measured I/O curve for the projection and Table 2's curve column, always from medians across passes at
/// the thread count the loaders use (never the best iteration: a burst would make the curve): the throughput
/// experiment's throughput.csv when the same run has one (cold, flash rows of the read method used here, the grid's
/// thread count nearest the loaders'); otherwise a small curve measured now in three passes; in the quick profile, the
/// effective throughputs of this run's own Table 2 rows. For io_uring the curve is one ring at the loaders' thread count
/// in depth (the series io_uring-qdN), as the loaders and the I/O control read on it.</summary>
public static class IoCurveSource
{
    private const int Passes = 3;
    private static readonly int[] MeasuredChunks = [4 << 10, 16 << 10, 32 << 10, 128 << 10, 1 << 20];

    public static IoCurve Load(RunDirectory run, ReadMethod method, int threads, bool measure, string dataDirectory, ulong seed,
        IReadOnlyList<Table2Row> ownRows, CancellationToken cancellation)
    {
        string path = run.Result(ThroughputRow.FileName);
        var (readers, depth) = method.HasQueueDepth() ? (1, threads) : (threads, 1);
        if (File.Exists(path))
        {
            var points = ThroughputCurve.Points(CsvFiles.Read<ThroughputRow>(path), ThroughputRow.SeriesName(method.Name(), depth));
            if (points.Count > 0)
            {
                int nearest = points.Select(p => p.Threads).Distinct().MinBy(t => Math.Abs(Math.Log((double)t / readers)));
                return IoCurve.Median(points.Where(p => p.Threads == nearest).Select(p => ((long)p.ChunkBytes, p.Median / 1000)), nearest * depth,
                    $"throughput.csv of this run ({method.Name()}, medians across passes)");
            }
        }
        if (measure)
            return Measure(method, readers, depth, dataDirectory, seed, cancellation);
        var own = ownRows.Where(r => r.Cache == "cold" && r.ThroughputGbps > 0).Select(r => (r.BytesPerRead, r.ThroughputGbps)).ToList();
        return IoCurve.Median(own, threads, "effective throughput of this run's Table 2 rows (1 MiB dense reads, per-vector and per-bundle reads)");
    }

    private static IoCurve Measure(ReadMethod method, int threads, int depth, string dataDirectory, ulong seed, CancellationToken cancellation)
    {
        var file = TestFileGenerator.Ensure(dataDirectory, 1L << 30, settle: SettleOptions.Default);
        var map = new RunReadMap(file.Bytes, MeasuredChunks);
        var figures = new List<(long, double)>();
        for (int pass = 0; pass < Passes; pass++)
        {
            foreach (var point in PassSchedule.Order(MeasuredChunks.Select(c => new ThroughputPoint(method, c, threads, depth)).ToList(), pass, seed))
            {
                cancellation.ThrowIfCancellationRequested();
                using var runner = new ThroughputRunner(file, point, new ThroughputSettings(TimeSpan.FromMilliseconds(500), Seed: seed), map, pass);
                var measurement = runner.MeasureOnce();
                if (measurement.Cache == CacheState.Cold && string.IsNullOrEmpty(measurement.Excluded))
                    figures.Add((point.ChunkBytes, measurement.ThroughputMegabytesPerSecond / 1000));
            }
        }
        return IoCurve.Median(figures, threads * depth, $"measured now: {ThroughputRow.SeriesName(method.Name(), depth)}, {Passes} passes, 4 KiB–1 MiB, 1 GiB test file");
    }
}
