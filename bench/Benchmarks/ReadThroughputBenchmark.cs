using BenchmarkDotNet.Attributes;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Throughput;

namespace FlashBench.Bench.Benchmarks;

/// <summary>Paper Fig. 2b: random-read throughput of flash vs chunk size and thread count, per read method.
/// The grid comes from <see cref="Plan"/> (set by the throughput command before the run; in-process, so
/// static state reaches the benchmark). Each iteration is evicted first and reads for a fixed time.</summary>
[BenchmarkCategory("throughput")]
public class ReadThroughputBenchmark
{
    public static ThroughputPlan? Plan { get; set; }

    private static ThroughputPlan CurrentPlan => Plan ?? throw new InvalidOperationException("ReadThroughputBenchmark.Plan is not set");

    private ThroughputRunner? _runner;

    public static IEnumerable<string> Methods => CurrentPlan.Methods.Select(m => m.Name());

    public static IEnumerable<int> Chunks => CurrentPlan.ChunkSizes;

    public static IEnumerable<int> ThreadCounts => CurrentPlan.ThreadCounts;

    [ParamsSource(nameof(Methods))]
    public string ReadMethod { get; set; } = "";

    [ParamsSource(nameof(Chunks))]
    public int ChunkBytes { get; set; }

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    private ThroughputPoint Point => PointOf(ReadMethod, ChunkBytes, Threads);

    public static ThroughputPoint PointOf(string method, int chunkBytes, int threads) =>
        new(ReadMethods.TryParse(method, out var m) ? m : throw new ArgumentException($"unknown read method {method}"), chunkBytes, threads);

    [GlobalSetup]
    public void OpenFile() => _runner = new ThroughputRunner(CurrentPlan.File, Point, CurrentPlan.Settings);

    [IterationSetup]
    public void EvictPageCache() => _runner!.PrepareIteration();

    /// <summary>Returns the bytes read so the work is observable.</summary>
    [Benchmark]
    public long RandomReads() => _runner!.RunIteration();

    [IterationCleanup]
    public void RecordIteration() => CurrentPlan.Log.Add(Point.ToString(), _runner!.CompleteIteration());

    [GlobalCleanup]
    public void CloseFile()
    {
        _runner?.Dispose();
        _runner = null;
        CurrentPlan.OnPointFinished(Point);
    }
}
