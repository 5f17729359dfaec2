using System.Globalization;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;

namespace FlashBench.Bench.Experiments.Throughput;

/// <summary>Everything one throughput run hands <see cref="ReadThroughputBenchmark"/>: the test file, the grid points
/// (one benchmark case each), the iteration settings and the per-iteration log.</summary>
public sealed class ThroughputPlan : BenchmarkPlan<ThroughputRow>
{
    private readonly Dictionary<string, ThroughputPoint> _points;

    public ThroughputPlan(TestFile file, IReadOnlyList<ThroughputPoint> points, ThroughputSettings settings, int iterations, int warmups)
    {
        File = file;
        Settings = settings;
        Iterations = iterations;
        Warmups = warmups;
        _points = points.ToDictionary(p => p.ToString());
        CaseKeys = [.. _points.Keys];
    }

    public TestFile File { get; }
    public ThroughputSettings Settings { get; }
    public IterationLog<IterationMeasurement> Log { get; } = new();
    public override int Iterations { get; }
    public override int Warmups { get; }
    public override IReadOnlyList<string> CaseKeys { get; }

    public ThroughputPoint Point(string caseKey) => _points[caseKey];

    public override void BeginPass(int pass) => Log.StartPass(pass);

    /// <summary>The measured iterations so far (warm-up and jitting iterations dropped), numbered from 0 within each pass.</summary>
    public IReadOnlyList<(int Pass, IterationMeasurement Measurement)> MeasuredIterations() =>
        Log.Measured(Iterations).SelectMany(c => c.Items.Select((m, i) => (c.Pass, m with { Iteration = i }))).ToList();

    public override IReadOnlyList<ThroughputRow> Rows() => MeasuredIterations().Select(m =>
    {
        var row = ThroughputRow.From(m.Measurement);
        row.Pass = m.Pass;
        return row;
    }).ToList();

    public override string Summary(string caseKey)
    {
        var measured = MeasuredIterations().Where(m => m.Measurement.Point.ToString() == caseKey).Select(m => m.Measurement).ToList();
        if (measured.Count == 0)
            return caseKey;
        double median = measured.Select(m => m.ThroughputMegabytesPerSecond).Order().ElementAt(measured.Count / 2);
        double p50 = measured.Select(m => m.Latency.P50Micros).Order().ElementAt(measured.Count / 2);
        string cache = measured.All(m => m.Cache == CacheState.Cold) ? "cold" : "WARM (page cache, not flash)";
        var point = measured[0].Point;
        return string.Create(CultureInfo.InvariantCulture,
            $"{point.Method.Name(),-14} {Units.FormatChunk(point.ChunkBytes),5} x{point.Threads,-3} {median,9:0.0} MB/s  p50 {p50,8:0.0} µs  {cache}");
    }
}
