using BenchmarkDotNet.Attributes;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Loading;
using FlashBench.Core.Memory;
using FlashBench.Core.PageCache;

namespace FlashBench.Bench.Experiments.Sparse;

/// <summary>The shared body of the sparse benchmarks: one BenchmarkDotNet iteration = one token, every layer loaded from
/// the weight file. [GlobalSetup] opens the loader and fills its window with the k tokens before
/// <see cref="SparsePlan.StartToken"/> (real reads, not measured); [IterationSetup] evicts the file from the page cache
/// and records its residency; the measured method loads the next token. Each experiment derives a class of its own so
/// that BenchmarkDotNet's exports and categories name the experiment.</summary>
public abstract class SparseTokenBenchmark
{
    private static SparsePlan Plan => PlanSlot<SparsePlan>.Current;

    public static IEnumerable<string> CaseKeys => Plan.CaseKeys;

    [ParamsSource(nameof(CaseKeys))]
    public string Case { get; set; } = "";

    private NeuronLoader? _loader;
    private PreparedCase? _case;
    private Core.Sparsity.ActivationTrace? _trace;
    private int _nextToken;
    private double _residentBefore;
    private LoadResult _last;
    private long _baselineRss;

    [GlobalSetup]
    public void OpenLoader()
    {
        var plan = Plan;
        _case = plan.Case(Case);
        // peak_rss_bytes is this case's peak, not the suite process's; what the process held before it is recorded apart
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        ProcessMemory.TryResetPeak();
        _baselineRss = ProcessMemory.CurrentResidentBytes;
        _loader = new NeuronLoader(_case.File, _case.LoaderOptions(plan.Options), _case.Required);
        // relabeled here, not in the measured call: a case with no window to fill would build it in its first token
        _trace = plan.TraceFor(Case);
        _nextToken = Math.Max(0, plan.PassStartToken - _case.Case.Window);
        while (_nextToken < plan.PassStartToken)
            plan.RecordSetupLoad(Case, _loader.LoadToken(_nextToken++, _trace));
    }

    [IterationSetup]
    public void EvictPageCache()
    {
        PageCacheControl.Evict(_case!.File.Path);
        _residentBefore = PageCacheControl.ResidentFraction(_case.File.Path);
        if (_nextToken >= Plan.Trace.Tokens)
            throw new InvalidOperationException($"the trace has only {Plan.Trace.Tokens} tokens; use fewer --tokens or a longer trace");
    }

    /// <summary>Returns the bytes read so that the work is observable.</summary>
    [Benchmark]
    public long LoadToken()
    {
        _last = _loader!.LoadToken(_nextToken, _trace!);
        return _last.BytesRead;
    }

    [IterationCleanup]
    public void RecordToken()
    {
        var plan = Plan;
        // read right after the token, so a device or a cache below the guest that changed under the case shows in both
        var control = plan.Control is { } c && _last.ReadsIssued > 0 && plan.Options.IoControl is { } duration
            ? c.Measure(_last.BytesRead / _last.ReadsIssued, duration)
            : (ReadControlResult?)null;
        plan.Log.Add(Case, new TokenMeasurement(_case!, _nextToken, _last, _residentBefore, _loader!.AllocatedBytes, ProcessMemory.PeakResidentBytes, _baselineRss, control));
        _nextToken++;
    }

    [GlobalCleanup]
    public void CloseLoader()
    {
        _loader?.Dispose();
        _loader = null;
        Plan.CaseFinished(Case);
    }
}
