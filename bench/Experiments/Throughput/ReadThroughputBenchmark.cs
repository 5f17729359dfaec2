using BenchmarkDotNet.Attributes;
using FlashBench.Bench.Hosting;
using FlashBench.Core.CrossCheck;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Throughput;

namespace FlashBench.Bench.Experiments.Throughput;

/// <summary>Paper Fig. 2b: random-read throughput of flash vs chunk size and thread count, per read method. One case per
/// grid point of the <see cref="ThroughputPlan"/>, one runner per point and pass (offsets from the run's read map); each
/// iteration is evicted first and reads under the window policy. [GlobalSetup] runs the read path once with a few reads
/// per reader (not recorded), so the first measured window does not carry the JIT or thread start-up.</summary>
public class ReadThroughputBenchmark
{
    private static ThroughputPlan Plan => PlanSlot<ThroughputPlan>.Current;

    private ThroughputRunner? _runner;

    public static IEnumerable<string> CaseKeys => Plan.CaseKeys;

    [ParamsSource(nameof(CaseKeys))]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void OpenFile()
    {
        _runner = new ThroughputRunner(Plan.File, Plan.Point(Case), Plan.Settings, Plan.ReadMap, Plan.Pass);
        _runner.RunWarmUp();
    }

    [IterationSetup]
    public void EvictPageCache() => _runner!.PrepareIteration();

    /// <summary>Returns the bytes read so the work is observable.</summary>
    [Benchmark]
    public long RandomReads() => _runner!.RunIteration();

    [IterationCleanup]
    public void RecordIteration()
    {
        var measurement = _runner!.CompleteIteration();
        if (Plan.FioReference && FioJob.Mirrors(measurement.Method))
        {
            var point = measurement.Point;
            var fio = FioProcess.Measure(new FioJob(Plan.File.Path, point.ChunkBytes, point.Threads, Plan.Settings.IterationDuration, point.Method, point.QueueDepth));
            measurement = measurement with { ReferenceMBps = fio.ThroughputMBps };
        }
        Plan.Log.Add(Case, measurement);
    }

    [GlobalCleanup]
    public void CloseFile()
    {
        _runner?.Dispose();
        _runner = null;
        Plan.CaseFinished(Case);
    }
}
