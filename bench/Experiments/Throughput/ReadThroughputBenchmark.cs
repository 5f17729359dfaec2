using BenchmarkDotNet.Attributes;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Throughput;

namespace FlashBench.Bench.Experiments.Throughput;

/// <summary>Paper Fig. 2b: random-read throughput of flash vs chunk size and thread count, per read method. One case per
/// grid point of the <see cref="ThroughputPlan"/>; each iteration is evicted first and reads for a fixed time.</summary>
public class ReadThroughputBenchmark
{
    private static ThroughputPlan Plan => PlanSlot<ThroughputPlan>.Current;

    private ThroughputRunner? _runner;

    public static IEnumerable<string> CaseKeys => Plan.CaseKeys;

    [ParamsSource(nameof(CaseKeys))]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void OpenFile() => _runner = new ThroughputRunner(Plan.File, Plan.Point(Case), Plan.Settings);

    [IterationSetup]
    public void EvictPageCache() => _runner!.PrepareIteration();

    /// <summary>Returns the bytes read so the work is observable.</summary>
    [Benchmark]
    public long RandomReads() => _runner!.RunIteration();

    [IterationCleanup]
    public void RecordIteration() => Plan.Log.Add(Case, _runner!.CompleteIteration());

    [GlobalCleanup]
    public void CloseFile()
    {
        _runner?.Dispose();
        _runner = null;
        Plan.CaseFinished(Case);
    }
}
