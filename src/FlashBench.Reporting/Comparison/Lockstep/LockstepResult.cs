namespace FlashBench.Reporting.Comparison.Lockstep;

/// <summary>One micro benchmark measured in lockstep. Per round (a fresh pair of worker processes) the median of its slice
/// pairs' head ÷ base times (<see cref="RoundRatios"/>); <see cref="Slowdown"/> is their geometric mean with Student t bounds
/// at <see cref="Confidence"/>; <see cref="DetectableEffect"/> the smallest slowdown (fraction) the gate would flag four
/// times in five at this spread and round count. Allocations are per operation, medians over slices.</summary>
public sealed record LockstepBenchmark(
    string Family, string Benchmark, int Rounds, int Slices, double BaseNanoseconds, double HeadNanoseconds, IReadOnlyList<double> RoundRatios,
    double Slowdown, double Lower, double Upper, double Confidence,
    double DetectableEffect, double BaseAllocatedBytes, double HeadAllocatedBytes, bool AllocationRegressed,
    FamilyVerdict Verdict, int? RoundsToResolve)
{
    /// <summary>The largest slowdown this benchmark leaves open: its detectable effect, or its upper bound when wider.</summary>
    public double NoLargerThan => Math.Max(DetectableEffect, Upper - 1);
}

/// <summary>A family of lockstep benchmarks: it regresses when any of them does, is under-powered when any is (and
/// none regressed), and its detectable effect is its least sensitive benchmark's.</summary>
public sealed record LockstepFamily(string Family, IReadOnlyList<LockstepBenchmark> Benchmarks)
{
    public FamilyVerdict Verdict =>
        Benchmarks.Any(b => b.Verdict == FamilyVerdict.Regressed) ? FamilyVerdict.Regressed
        : Benchmarks.Any(b => b.Verdict == FamilyVerdict.UnderPowered) ? FamilyVerdict.UnderPowered
        : Benchmarks.All(b => b.Verdict == FamilyVerdict.Improved) ? FamilyVerdict.Improved
        : FamilyVerdict.NoRegression;

    public double DetectableEffect => Benchmarks.Max(b => b.DetectableEffect);

    public double NoLargerThan => Benchmarks.Max(b => b.NoLargerThan);

    public int Rounds => Benchmarks.Min(b => b.Rounds);

    /// <summary>Rounds in all that would resolve the minimum effect at this spread (null: not under-powered, or more than the cap).</summary>
    public int? RoundsToResolve => Benchmarks.Any(b => b.Verdict == FamilyVerdict.UnderPowered && b.RoundsToResolve is null) ? null : Benchmarks.Max(b => b.RoundsToResolve);

    public IEnumerable<LockstepBenchmark> Regressed => Benchmarks.Where(b => b.Verdict == FamilyVerdict.Regressed);
}
