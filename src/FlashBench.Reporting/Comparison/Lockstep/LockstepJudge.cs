using FlashBench.Reporting.Comparison.Statistics;
using MathNet.Numerics.Statistics;

namespace FlashBench.Reporting.Comparison.Lockstep;

/// <summary>Decides each lockstep benchmark from its slice pairs. A pair's ratio is head ÷ base time of the same number of
/// calls run back to back, so the host's drift (frequency, a neighbour's burst) is common to both and divides out; the
/// median of a round's pairs is that round's ratio (distribution-free, so a preempted slice does not move it). The
/// replicate is the round: each round starts a fresh pair of processes, and a process carries its own offset (where its
/// pages and code landed: ±3 % on the read loop, up to 15 % on the slot manager, between two processes of one build
/// here), which only fresh processes average out. Over rounds, a Student t interval of the mean log ratio.
/// A benchmark regresses when the lower bound is above 1 and the estimate reaches the minimum effect, or when it
/// allocates more than the tolerance per operation in the median slice of every round (a process's allocations drift by
/// ±30-130 B/op on the window bookkeeping's 12 KB/op here, so one round does not decide). It is under-powered when, otherwise, the
/// smallest slowdown it could have detected is above the minimum effect.</summary>
public static class LockstepJudge
{
    /// <summary>Half the smallest .NET object on 64-bit (24 bytes): one more allocation per operation counts.</summary>
    public const double AllocationTolerance = 12;

    /// <summary>Every benchmark of <paramref name="rows"/>, grouped into families ("micro " + family), at
    /// <paramref name="confidence"/> per benchmark (the caller splits the comparison's confidence across its gates).</summary>
    public static IReadOnlyList<LockstepFamily> Decide(IReadOnlyList<SliceRow> rows, double minEffect, double confidence) =>
        rows.GroupBy(r => (r.Family, r.Benchmark))
            .Select(g => Benchmark($"micro {g.Key.Family}", g.Key.Benchmark, g.ToList(), minEffect, confidence))
            .GroupBy(b => b.Family)
            .Select(g => new LockstepFamily(g.Key, g.ToList()))
            .ToList();

    /// <summary>How many benchmarks <paramref name="rows"/> hold: each is a gate.</summary>
    public static int Gates(IReadOnlyList<SliceRow> rows) => rows.Select(r => (r.Family, r.Benchmark)).Distinct().Count();

    public static LockstepBenchmark Benchmark(string family, string benchmark, IReadOnlyList<SliceRow> slices, double minEffect, double confidence)
    {
        var usable = slices.Where(s => s.BaseNanoseconds > 0 && s.HeadNanoseconds > 0 && s.Calls > 0).ToList();
        var rounds = usable.GroupBy(s => s.Round).OrderBy(g => g.Key)
            .Select(g => g.Select(s => Math.Log(s.HeadNanoseconds / s.BaseNanoseconds)).Median())
            .ToList();
        if (rounds.Count < 2)
            throw new InvalidDataException($"lockstep {family}/{benchmark}: {rounds.Count} round(s) with usable slices; at least 2 are needed");
        double spread = rounds.StandardDeviation();
        var (mean, lower, upper) = StudentInterval.Of(rounds, confidence, spread);
        double effectLog = DetectableEffect.FromStudent(spread, rounds.Count, confidence);
        double targetLog = Math.Log(1 + minEffect);
        double baseAllocated = usable.Select(s => s.BaseAllocatedBytes / s.Operations).Median();
        double headAllocated = usable.Select(s => s.HeadAllocatedBytes / s.Operations).Median();
        bool allocationRegressed = usable.GroupBy(s => s.Round)
            .All(g => g.Select(s => (s.HeadAllocatedBytes - s.BaseAllocatedBytes) / s.Operations).Median() > AllocationTolerance);
        var verdict = allocationRegressed || (lower > 0 && mean >= targetLog) ? FamilyVerdict.Regressed
            : upper < 0 && mean <= -targetLog ? FamilyVerdict.Improved
            : effectLog > targetLog ? FamilyVerdict.UnderPowered
            : FamilyVerdict.NoRegression;
        int? toResolve = verdict == FamilyVerdict.UnderPowered
            ? DetectableEffect.RoundsToResolve(spread, targetLog, confidence, minimum: rounds.Count + 1)
            : null;
        return new LockstepBenchmark(family, benchmark, rounds.Count, usable.Count,
            usable.Select(s => s.BaseNanoseconds / s.Operations).Median(), usable.Select(s => s.HeadNanoseconds / s.Operations).Median(),
            rounds.Select(Math.Exp).ToList(), Math.Exp(mean), Math.Exp(lower), Math.Exp(upper), confidence,
            DetectableEffect.AsFraction(effectLog), baseAllocated, headAllocated, allocationRegressed, verdict, toResolve);
    }
}
