using FlashBench.Bench.Experiments;
using FlashBench.Core.Loading;
using FlashBench.Core.Sparsity;

namespace FlashBench.Bench.Benchmarks;

/// <summary>Everything one sparse experiment hands its in-process benchmark class: the cases, the trace, the token
/// at which measurement starts (every case fills its window with the k tokens before it, so all cases measure
/// the same tokens), and the per-token log.</summary>
public sealed class SparsePlan(string experiment, SparseSettings settings, IReadOnlyList<PreparedCase> cases, ActivationTrace trace,
    int startToken, Action<PreparedCase> onCaseFinished)
{
    public string Experiment { get; } = experiment;
    public SparseSettings Settings { get; } = settings;
    public IReadOnlyList<PreparedCase> Cases { get; } = cases;
    public ActivationTrace Trace { get; } = trace;
    public int StartToken { get; } = startToken;
    public IterationLog<TokenMeasurement> Log { get; } = new();

    public PreparedCase Case(string key) => Cases.First(c => c.Case.Key == key);

    public void OnCaseFinished(PreparedCase prepared) => onCaseFinished(prepared);

    /// <summary>The measured tokens so far (warm-up and jitting tokens dropped), cases in the order they ran.</summary>
    public IReadOnlyList<TokenMeasurement> Measured() => Log.Measured(Settings.Tokens).SelectMany(c => c.Items).ToList();
}

/// <summary>One token of one case as measured: what the loader did and the page-cache state before it.</summary>
public sealed record TokenMeasurement(PreparedCase Prepared, int Token, LoadResult Result, double ResidentBefore,
    long DramAllocatedBytes, long PeakRssBytes);
