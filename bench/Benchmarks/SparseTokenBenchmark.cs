using BenchmarkDotNet.Attributes;
using FlashBench.Bench.Experiments;
using FlashBench.Core.Loading;
using FlashBench.Core.Memory;
using FlashBench.Core.PageCache;

namespace FlashBench.Bench.Benchmarks;

/// <summary>The shared body of the sparse benchmarks: one BenchmarkDotNet iteration = one token, every layer
/// loaded from the weight file. [GlobalSetup] opens the loader and fills its window with the k tokens before
/// <see cref="SparsePlan.StartToken"/> (real reads, not measured); [IterationSetup] evicts the file from the
/// page cache and records its residency; the measured method loads the next token.</summary>
public abstract class SparseTokenBenchmark
{
    public static SparsePlan? Plan { get; set; }

    protected static SparsePlan CurrentPlan => Plan ?? throw new InvalidOperationException("SparseTokenBenchmark.Plan is not set");

    public static IEnumerable<string> CaseKeys => CurrentPlan.Cases.Select(c => c.Case.Key);

    /// <summary>The case this instance runs (a [ParamsSource] of the derived class).</summary>
    protected abstract string CaseKey { get; }

    private NeuronLoader? _loader;
    private PreparedCase? _case;
    private int _nextToken;
    private double _residentBefore;
    private LoadResult _last;

    [GlobalSetup]
    public void OpenLoader()
    {
        var plan = CurrentPlan;
        _case = plan.Case(CaseKey);
        _loader = new NeuronLoader(_case.File, _case.LoaderOptions(plan.Settings), _case.Required);
        _nextToken = Math.Max(0, plan.StartToken - _case.Case.Window);
        while (_nextToken < plan.StartToken)
            _loader.LoadToken(_nextToken++, plan.Trace);
    }

    [IterationSetup]
    public void EvictPageCache()
    {
        PageCacheControl.Evict(_case!.File.Path);
        _residentBefore = PageCacheControl.ResidentFraction(_case.File.Path);
        if (_nextToken >= CurrentPlan.Trace.Tokens)
            throw new InvalidOperationException($"the trace has only {CurrentPlan.Trace.Tokens} tokens; use fewer --tokens or a longer trace");
    }

    /// <summary>Returns the bytes read so that the work is observable.</summary>
    [Benchmark]
    public long LoadToken()
    {
        _last = _loader!.LoadToken(_nextToken, CurrentPlan.Trace);
        return _last.BytesRead;
    }

    [IterationCleanup]
    public void RecordToken()
    {
        CurrentPlan.Log.Add(CaseKey, new TokenMeasurement(_case!, _nextToken, _last, _residentBefore, _loader!.AllocatedBytes,
            ProcessMemory.PeakResidentBytes));
        _nextToken++;
    }

    [GlobalCleanup]
    public void CloseLoader()
    {
        _loader?.Dispose();
        _loader = null;
        CurrentPlan.OnCaseFinished(_case!);
    }
}
