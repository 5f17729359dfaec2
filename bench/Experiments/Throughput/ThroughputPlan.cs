using System.Globalization;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;
using FlashBench.Core.Throughput.Offsets;
using FlashBench.Core.Throughput.Summaries;

namespace FlashBench.Bench.Experiments.Throughput;

/// <summary>Everything one throughput run hands <see cref="ReadThroughputBenchmark"/>: the test file, the grid points
/// (one benchmark case each), the iteration settings and the per-iteration log.</summary>
public sealed class ThroughputPlan : BenchmarkPlan<ThroughputRow>
{
    private readonly Dictionary<string, ThroughputPoint> _points;

    public ThroughputPlan(TestFile file, IReadOnlyList<ThroughputPoint> points, ThroughputSettings settings, int iterations, bool fioReference)
    {
        File = file;
        Settings = settings;
        Iterations = iterations;
        FioReference = fioReference;
        ReadMap = new RunReadMap(file.Bytes, points.Select(p => p.ChunkBytes).Distinct());
        _points = points.ToDictionary(p => p.ToString());
        CaseKeys = [.. _points.Keys];
    }

    public TestFile File { get; }
    public ThroughputSettings Settings { get; }
    /// <summary>One map for the whole run: no byte is read twice until the file has been read (see <see cref="RunReadMap"/>).</summary>
    public RunReadMap ReadMap { get; }
    /// <summary>Whether fio runs at the same point right after each iteration of a method it mirrors (the device reference of `compare`).</summary>
    public bool FioReference { get; }
    public int Pass { get; private set; }
    public IterationLog<IterationMeasurement> Log { get; } = new();
    public override int Iterations { get; }

    /// <summary>None: every iteration evicts and reads cold, so a warm-up iteration would measure nothing new; the benchmark's
    /// [GlobalSetup] runs the code path once with a few reads instead (<see cref="ThroughputRunner.RunWarmUp"/>).</summary>
    public override int Warmups => 0;
    public override IReadOnlyList<string> CaseKeys { get; }

    public ThroughputPoint Point(string caseKey) => _points[caseKey];

    public override void Discard(int pass, string caseKey) => Log.Discard(pass, caseKey);

    public override void BeginPass(int pass)
    {
        Pass = pass;
        Log.StartPass(pass);
    }

    /// <summary>The measured iterations so far, numbered from 0 within each pass.</summary>
    public IReadOnlyList<IterationMeasurement> MeasuredIterations() =>
        Log.Measured(Iterations).SelectMany(c => c.Items.Select((m, i) => m with { Iteration = i })).ToList();

    public override IReadOnlyList<ThroughputRow> Rows() => PointSummaries.Annotate(MeasuredIterations().Select(m =>
    {
        var row = ThroughputRow.From(m);
        row.DeviceState = Device.StateOf(m.Pass, m.Point.ToString());
        return row;
    }).ToList());

    /// <summary>A grid point lasts about a second: points share a probe every few seconds instead of each paying for one,
    /// and are judged by the probes on either side of them.</summary>
    public override TimeSpan ProbeEvery => TimeSpan.FromSeconds(5);

    public override string Summary(string caseKey)
    {
        var measured = MeasuredIterations().Where(m => m.Point.ToString() == caseKey && m.Pass == Pass).ToList();
        if (measured.Count == 0)
            return caseKey;
        double median = measured.Select(m => m.ThroughputMegabytesPerSecond).Order().ElementAt(measured.Count / 2);
        double p50 = measured.Select(m => m.Latency.P50Micros).Order().ElementAt(measured.Count / 2);
        string cache = measured.All(m => m.Cache == CacheState.Cold) ? "cold" : "WARM (page cache, not flash)";
        string excluded = measured.FirstOrDefault(m => !string.IsNullOrEmpty(m.Excluded))?.Excluded is { } why ? $"  LEFT OUT: {why}" : "";
        string reference = measured.Any(m => m.ReferenceMBps is not null)
            ? string.Create(CultureInfo.InvariantCulture, $"  fio {measured.Where(m => m.ReferenceMBps is not null).Select(m => m.ReferenceMBps!.Value).Order().ElementAt(0),9:0.0} MB/s")
            : "";
        var point = measured[0].Point;
        double cpu = measured.Select(m => m.MegabytesPerCpuSecond).Order().ElementAt(measured.Count / 2);
        return string.Create(CultureInfo.InvariantCulture,
            $"pass {Pass + 1} {ThroughputRow.SeriesName(point.Method.Name(), point.QueueDepth),-14} {Units.FormatChunk(point.ChunkBytes),5} x{point.Threads,-3} {median,9:0.0} MB/s  {cpu,7:0} MB/CPU-s  p50 {p50,8:0.0} µs{reference}  {cache}{excluded}");
    }
}
