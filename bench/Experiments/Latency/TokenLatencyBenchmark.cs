using BenchmarkDotNet.Attributes;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>Paper Tables 2 and 3: per-token latency of a model shape under one configuration, with real reads
/// from the weight file and real compute. One iteration = generate T tokens from a fresh sequence; the
/// [IterationSetup] evicts the weight files from the page cache and records the residency left.</summary>
public class TokenLatencyBenchmark
{
    private static LatencyPlan CurrentPlan => PlanSlot<LatencyPlan>.Current;

    private TokenEngine? _engine;
    private LatencyCase? _case;
    private double _residentBefore;
    private List<TokenLayerTiming>? _timings;
    private readonly List<double> _probeGbps = [];

    public static IEnumerable<string> CaseKeys => CurrentPlan.CaseKeys;

    [ParamsSource(nameof(CaseKeys))]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void CreateEngine()
    {
        _case = CurrentPlan.Find(Case);
        _engine = new TokenEngine(_case.Setup);
        var warmUp = _engine.WarmUp();
        if (!warmUp.Converged)
            Console.WriteLine($"  warning: {_case.Key} still compiled methods after {warmUp.Rounds} warm-up rounds ({warmUp.Elapsed.TotalSeconds:0.0} s); its first tokens may carry the JIT");
        // after the warm-up, which needs no control
        if (CurrentPlan.Bandwidth is { } bandwidth)
        {
            // steady tokens only: the first k fill the window, and Table 3's rates are taken over the steady ones
            int threads = _engine.ComputeThreads, window = _case.Setup.Window;
            _engine.AfterToken = t => _probeGbps.Add(t >= window ? bandwidth.Measure(threads) : double.NaN);
        }
    }

    [IterationSetup]
    public void EvictWeights()
    {
        _engine!.EvictWeights();
        _residentBefore = _engine.ResidentFraction();
        _probeGbps.Clear();
    }

    /// <summary>Returns the residual-stream checksum so the compute is observable.</summary>
    [Benchmark]
    public double GenerateTokens()
    {
        _timings = _engine!.Generate();
        return _engine.Checksum;
    }

    /// <summary>Outside the timed call: the I/O control at this iteration's mean read size, then the record.</summary>
    [IterationCleanup]
    public void RecordIteration()
    {
        long reads = _timings!.Sum(t => t.Reads), bytes = _timings!.Sum(t => t.BytesLoaded);
        ReadControlResult? control = CurrentPlan.IoControl is { } io && reads > 0 ? io.Measure(bytes / reads, CurrentPlan.IoControlDuration) : null;
        if (control is { Reused: true })
            Console.WriteLine($"  warning: {_case!.Key}'s I/O control re-read a region of {CurrentPlan.IoControl!.FilePath} (more measurements than regions)");
        CurrentPlan.Log.Add(_case!.Key, new GeneratedSequence(0, _residentBefore, _engine!.Method.Name(), _timings!, [.. _probeGbps], control));
    }

    [GlobalCleanup]
    public void DisposeEngine()
    {
        _engine?.Dispose();
        _engine = null;
        CurrentPlan.CaseFinished(Case);
    }
}
