using BenchmarkDotNet.Attributes;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>Paper Tables 2 and 3: per-token latency of a model shape under every configuration, with real reads from the
/// weight files and real compute. One case per model: an engine per configuration, all alive together; one iteration =
/// T tokens on every engine from a fresh sequence, interleaved token by token (<see cref="InterleavedGeneration"/>), so
/// the sides of every per-token ratio are neighbours in time. The [IterationSetup] evicts every engine's files from the
/// page cache and records the residency left.</summary>
public class TokenLatencyBenchmark
{
    private static LatencyPlan CurrentPlan => PlanSlot<LatencyPlan>.Current;

    private LatencyCase? _case;
    private List<TokenEngine> _engines = [];
    private List<List<double>> _probeGbps = [];
    private double[] _residentBefore = [];
    private IReadOnlyList<List<TokenLayerTiming>>? _timings;

    public static IEnumerable<string> CaseKeys => CurrentPlan.CaseKeys;

    [ParamsSource(nameof(CaseKeys))]
    public string Case { get; set; } = "";

    [GlobalSetup]
    public void CreateEngines()
    {
        _case = CurrentPlan.Find(Case);
        foreach (var setup in _case.Setups)
        {
            var engine = new TokenEngine(setup);
            _engines.Add(engine);
            var warmUp = engine.WarmUp();
            if (!warmUp.Converged)
                Console.WriteLine($"  warning: {_case.Key}/{setup.Config.Name()} still compiled methods after {warmUp.Rounds} warm-up rounds ({warmUp.Elapsed.TotalSeconds:0.0} s); its first tokens may carry the JIT");
            var probes = new List<double>();
            _probeGbps.Add(probes);
            // after the warm-up, which needs no control
            if (CurrentPlan.Bandwidth is { } bandwidth)
            {
                // steady tokens only: the first k fill the window, and Table 3's rates are taken over the steady ones
                int threads = engine.ComputeThreads, window = setup.Window;
                engine.AfterToken = t => probes.Add(t >= window ? bandwidth.Measure(threads) : double.NaN);
            }
        }
        _residentBefore = new double[_engines.Count];
    }

    [IterationSetup]
    public void EvictWeights()
    {
        foreach (var engine in _engines)
            engine.EvictWeights();
        for (int i = 0; i < _engines.Count; i++)
        {
            _residentBefore[i] = _engines[i].ResidentFraction();
            _probeGbps[i].Clear();
        }
    }

    /// <summary>Returns the engines' residual-stream checksums so the compute is observable.</summary>
    [Benchmark]
    public double GenerateTokens()
    {
        var plan = CurrentPlan;
        _timings = InterleavedGeneration.Run(_engines, plan.ProbeInside is { } probe ? _ => probe(Case) : null, plan.NextRelabel(Case));
        return _engines.Sum(e => e.Checksum);
    }

    /// <summary>Outside the timed call: the I/O control at each configuration's mean read size, then the record.</summary>
    [IterationCleanup]
    public void RecordIteration()
    {
        var sequences = new List<GeneratedSequence>(_engines.Count);
        for (int i = 0; i < _engines.Count; i++)
        {
            var timings = _timings![i];
            var config = _engines[i].Setup.Config;
            long reads = timings.Sum(t => t.Reads), bytes = timings.Sum(t => t.BytesLoaded);
            // the control reads with this engine's method and reads in flight (a ring of the same depth for io_uring)
            var method = _engines[i].Method;
            ReadControlResult? control = CurrentPlan.IoControl is { } io && reads > 0 ? io.Measure(method, bytes / reads, CurrentPlan.IoControlDuration) : null;
            if (control is { Reused: true })
                Console.WriteLine($"  warning: {_case!.Key}/{config.Name()} ({method.Name()})'s I/O control re-read a region of {CurrentPlan.IoControl!.FilePath} (more measurements than regions)");
            sequences.Add(new GeneratedSequence(config, _residentBefore[i], method.Name(), timings, [.. _probeGbps[i]], control));
        }
        CurrentPlan.Log.Add(_case!.Key, new InterleavedIteration(sequences));
    }

    [GlobalCleanup]
    public void DisposeEngines()
    {
        foreach (var engine in _engines)
            engine.Dispose();
        _engines = [];
        _probeGbps = [];
        CurrentPlan.CaseFinished(Case);
    }
}
