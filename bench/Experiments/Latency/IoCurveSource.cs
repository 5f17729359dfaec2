using FlashBench.Core.Inference.Projection;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>The measured I/O curve for the projection: the throughput experiment's throughput.csv when the
/// same run has one (best thread count per chunk size, cold rows, the read method used here); otherwise a
/// small curve measured now through <see cref="ThroughputRunner"/> (32 threads, 4 KiB … 1 MiB); in the quick
/// profile, the effective throughputs of this run's own Table 2 rows.</summary>
public static class IoCurveSource
{
    public static IoCurve Load(RunDirectory run, ReadMethod method, bool measure, string dataDirectory, IReadOnlyList<Table2Row> ownRows, CancellationToken cancellation)
    {
        string path = run.Result(ThroughputRow.FileName);
        if (File.Exists(path))
        {
            var rows = CsvFiles.Read<ThroughputRow>(path).Where(r => r.Method == method.Name() && r.Cache == "cold").ToList();
            if (rows.Count > 0)
                return new IoCurve(rows.Select(r => ((long)r.ChunkBytes, r.ThroughputMBps / 1000)), $"throughput.csv of this run ({method.Name()}, best thread count per chunk)");
        }
        if (measure)
            return Measure(method, dataDirectory, cancellation);
        var points = ownRows.Where(r => r.Cache == "cold" && r.ThroughputGbps > 0)
            .Select(r => (r.BytesPerRead, r.ThroughputGbps)).ToList();
        return new IoCurve(points, "effective throughput of this run's Table 2 rows (1 MiB dense reads, per-vector and per-bundle reads)");
    }

    private static IoCurve Measure(ReadMethod method, string dataDirectory, CancellationToken cancellation)
    {
        var file = TestFileGenerator.Ensure(dataDirectory, 1L << 30);
        var points = new List<(long, double)>();
        foreach (int chunk in new[] { 4 << 10, 8 << 10, 16 << 10, 32 << 10, 128 << 10, 1 << 20 })
        {
            cancellation.ThrowIfCancellationRequested();
            using var runner = new ThroughputRunner(file, new ThroughputPoint(method, chunk, 32), new ThroughputSettings(TimeSpan.FromMilliseconds(200)));
            var best = Enumerable.Range(0, 2).Select(_ => runner.MeasureOnce()).Where(m => m.Cache == CacheState.Cold)
                .Select(m => m.ThroughputMegabytesPerSecond / 1000).DefaultIfEmpty(0).Max();
            if (best > 0)
                points.Add((chunk, best));
        }
        return new IoCurve(points, $"measured now: {method.Name()}, 32 threads, 4 KiB–1 MiB, 1 GiB test file");
    }
}
