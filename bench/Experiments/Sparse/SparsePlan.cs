using System.Globalization;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Loading;
using FlashBench.Core.Results;
using FlashBench.Core.Sparsity;
using FlashBench.Core.Throughput;

namespace FlashBench.Bench.Experiments.Sparse;

/// <summary>Everything one sparse experiment hands its benchmark class: the cases, the trace, the token at which each
/// pass's measurement starts (every case fills its window with the k tokens before it, so all cases of a pass measure the
/// same tokens), and the per-token log. The cases are paired: a pass visits them in an order that alternates between
/// passes, so each ratio's sides are measured as neighbours in time. With a <see cref="Control"/>, every token is followed
/// by an I/O control read at its mean read size (<see cref="SparseOptions.IoControl"/>). With a relabeling seed, every pass
/// (and every re-measurement) loads the trace under neuron numbers of its own (<see cref="TraceFor"/>).</summary>
public sealed class SparsePlan(string experiment, SparseOptions options, IReadOnlyList<PreparedCase> cases, ActivationTrace trace, int startToken,
    int passStride, ReadControl? control = null, ulong relabelSeed = TraceRelabeling.Identity) : BenchmarkPlan<SparseTokenRow>
{
    private int _pass;
    private readonly Dictionary<(int Pass, string Case), List<LoadResult>> _setupLoads = [];
    private readonly Dictionary<(int Pass, string Case), int> _attempts = [];
    private readonly Dictionary<ulong, ActivationTrace> _relabeled = [];

    public string Experiment { get; } = experiment;
    public SparseOptions Options { get; } = options;
    public IReadOnlyList<PreparedCase> Cases { get; } = cases;
    public ActivationTrace Trace { get; } = trace;
    public int StartToken { get; } = startToken;
    public ReadControl? Control { get; } = control;
    /// <summary>The first measured token of the current pass: passes measure successive trace positions.</summary>
    public int PassStartToken => StartToken + _pass * passStride;
    public override bool Paired => Cases.Count > 1;
    public IterationLog<TokenMeasurement> Log { get; } = new();
    public override int Iterations => Options.Tokens;
    public override int Warmups => Options.Warmups;
    public override IReadOnlyList<string> CaseKeys { get; } = cases.Select(c => c.Case.Key).ToList();

    public PreparedCase Case(string key) => Cases.First(c => c.Case.Key == key);

    /// <summary>The trace the case loads in the current pass: <see cref="Trace"/> under a relabeling key drawn from the run's
    /// seed and the pass (<see cref="TraceRelabeling"/>). Passes measure later trace positions, but a trace's often-active
    /// neurons recur, and the run before read the same positions: relabeled, a pass reads the same number and sizes of
    /// rows at rows of its own, which a cache below a VM has not just served. Every case's first attempt in a pass shares
    /// the pass's key (its sides load the same neurons); a re-measurement gets a key of its own, so it does not re-read
    /// what the discarded attempt read.</summary>
    public ActivationTrace TraceFor(string caseKey)
    {
        if (relabelSeed == TraceRelabeling.Identity)
            return Trace;
        lock (_relabeled)
        {
            int attempt = _attempts.GetValueOrDefault((_pass, caseKey));
            ulong key = (attempt == 0
                ? StableHash.Combine(relabelSeed, (ulong)_pass)
                : StableHash.Combine(relabelSeed, (ulong)_pass, StableHash.Of(caseKey), (ulong)attempt)) | 1;
            if (!_relabeled.TryGetValue(key, out var relabeled))
            {
                // one pass's traces at a time: each holds every token's sets
                if (_relabeled.Count >= 4)
                    _relabeled.Clear();
                _relabeled[key] = relabeled = TraceRelabeling.Apply(Trace, key);
            }
            return relabeled;
        }
    }

    public override void Discard(int pass, string caseKey)
    {
        lock (_relabeled)
            _attempts[(pass, caseKey)] = _attempts.GetValueOrDefault((pass, caseKey)) + 1;
        Log.Discard(pass, caseKey);
        lock (_setupLoads)
            _setupLoads.Remove((pass, caseKey));
    }

    public override void BeginPass(int pass)
    {
        _pass = pass;
        Log.StartPass(pass);
    }

    /// <summary>The measured tokens so far (warm-up and jitting tokens dropped) with their pass, cases in the order they ran.</summary>
    public IReadOnlyList<(int Pass, TokenMeasurement Token)> Measured() =>
        Log.Measured(Options.Tokens).SelectMany(c => c.Items.Select(m => (c.Pass, m))).ToList();

    /// <summary>Every token the case loaded in the pass: its window fill, BenchmarkDotNet's jitting and warm-up tokens and
    /// the measured ones. A slowdown in any of them is a slowdown the case lived through, whether or not it reached a
    /// measured token.</summary>
    public override IReadOnlyList<(string Series, double BytesPerSecond)> TokenReadRates(int pass, string caseKey)
    {
        List<LoadResult> loads;
        lock (_setupLoads)
            loads = [.. _setupLoads.GetValueOrDefault((pass, caseKey), [])];
        loads.AddRange(Log.All(pass, caseKey).Select(m => m.Result));
        return loads.Where(r => r.IoTime > TimeSpan.Zero && r.BytesRead > 0).Select(r => ("", r.BytesRead / r.IoTime.TotalSeconds)).ToList();
    }

    /// <summary>A token the case loaded before measuring (its window fill), for <see cref="TokenReadRates"/>.</summary>
    public void RecordSetupLoad(string caseKey, LoadResult result)
    {
        lock (_setupLoads)
        {
            if (!_setupLoads.TryGetValue((_pass, caseKey), out var list))
                _setupLoads[(_pass, caseKey)] = list = [];
            list.Add(result);
        }
    }

    public override IReadOnlyList<SparseTokenRow> Rows() => Measured().Select(p =>
    {
        var row = SparseRows.From(Experiment, Options, Trace, p.Token);
        row.Pass = p.Pass;
        row.DeviceState = Device.StateOf(p.Pass, p.Token.Prepared.Case.Key);
        return row;
    }).ToList();

    public override string Summary(string caseKey)
    {
        var measured = Measured().Where(p => p.Pass == _pass).Select(p => p.Token).Where(m => m.Prepared.Case.Key == caseKey).ToList();
        if (measured.Count == 0)
            return caseKey;
        static double MedianOf(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted[sorted.Count / 2];
        }
        double Median(Func<TokenMeasurement, double> f) => MedianOf(measured.Select(f));
        string cache = measured.All(m => m.ResidentBefore <= IterationMeasurement.ColdResidencyLimit) ? "cold" : "WARM (page cache, not flash)";
        var controlled = measured.Where(m => m.Control is { Gbps: > 0 }).Select(m => (Read: m.Result.EffectiveGigabytesPerSecond, Control: m.Control!.Value.Gbps)).ToList();
        string control = controlled.Count == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"  control {MedianOf(controlled.Select(c => c.Control)),5:0.00} GB/s (÷ {MedianOf(controlled.Select(c => c.Read / c.Control)):0.00})");
        return string.Create(CultureInfo.InvariantCulture,
            $"{caseKey,-28} {Median(m => m.Result.NeuronsLoaded),8:0} neurons {Median(m => m.Result.BytesRead) / 1e6,9:0.0} MB/token  I/O {Median(m => m.Result.IoTime.TotalMilliseconds),8:0.0} ms  {Median(m => m.Result.EffectiveGigabytesPerSecond),5:0.00} GB/s{control}  mem {Median(m => m.Result.MemoryTime.TotalMilliseconds),7:0.00} ms  {cache}");
    }
}

/// <summary>One token of one case as measured: what the loader did, the page-cache state before it, and the process's
/// resident memory: its peak since the case began and what was resident when it began (before the loader existed).</summary>
public sealed record TokenMeasurement(PreparedCase Prepared, int Token, LoadResult Result, double ResidentBefore,
    long DramAllocatedBytes, long PeakRssBytes, long BaselineRssBytes, ReadControlResult? Control = null);
