using System.Globalization;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Loading;
using FlashBench.Core.Results;
using FlashBench.Core.Sparsity;
using FlashBench.Core.Throughput;

namespace FlashBench.Bench.Experiments.Sparse;

/// <summary>Everything one sparse experiment hands its benchmark class: the cases, the trace, the token at which
/// measurement starts (every case fills its window with the k tokens before it, so all cases measure the same tokens),
/// and the per-token log.</summary>
public sealed class SparsePlan(string experiment, SparseOptions options, IReadOnlyList<PreparedCase> cases, ActivationTrace trace, int startToken)
    : BenchmarkPlan<SparseTokenRow>
{
    public string Experiment { get; } = experiment;
    public SparseOptions Options { get; } = options;
    public IReadOnlyList<PreparedCase> Cases { get; } = cases;
    public ActivationTrace Trace { get; } = trace;
    public int StartToken { get; } = startToken;
    public IterationLog<TokenMeasurement> Log { get; } = new();
    public override int Iterations => Options.Tokens;
    public override int Warmups => Options.Warmups;
    public override IReadOnlyList<string> CaseKeys { get; } = cases.Select(c => c.Case.Key).ToList();

    public PreparedCase Case(string key) => Cases.First(c => c.Case.Key == key);

    public override void Discard(int pass, string caseKey) => Log.Discard(pass, caseKey);

    public override void BeginPass(int pass) => Log.StartPass(pass);

    /// <summary>The measured tokens so far (warm-up and jitting tokens dropped), cases in the order they ran.</summary>
    public IReadOnlyList<TokenMeasurement> Measured() => Log.Measured(Options.Tokens).SelectMany(c => c.Items).ToList();

    public override IReadOnlyList<SparseTokenRow> Rows() => Measured().Select(m => SparseRows.From(Experiment, Options, Trace, m)).ToList();

    public override string Summary(string caseKey)
    {
        var measured = Measured().Where(m => m.Prepared.Case.Key == caseKey).ToList();
        if (measured.Count == 0)
            return caseKey;
        double Median(Func<TokenMeasurement, double> f) => measured.Select(f).Order().ElementAt(measured.Count / 2);
        string cache = measured.All(m => m.ResidentBefore <= IterationMeasurement.ColdResidencyLimit) ? "cold" : "WARM (page cache, not flash)";
        return string.Create(CultureInfo.InvariantCulture,
            $"{caseKey,-28} {Median(m => m.Result.NeuronsLoaded),8:0} neurons {Median(m => m.Result.BytesRead) / 1e6,9:0.0} MB/token  I/O {Median(m => m.Result.IoTime.TotalMilliseconds),8:0.0} ms  {Median(m => m.Result.EffectiveGigabytesPerSecond),5:0.00} GB/s  mem {Median(m => m.Result.MemoryTime.TotalMilliseconds),7:0.00} ms  {cache}");
    }
}

/// <summary>One token of one case as measured: what the loader did, the page-cache state before it, and the process's
/// resident memory: its peak since the case began and what was resident when it began (before the loader existed).</summary>
public sealed record TokenMeasurement(PreparedCase Prepared, int Token, LoadResult Result, double ResidentBefore,
    long DramAllocatedBytes, long PeakRssBytes, long BaselineRssBytes);
