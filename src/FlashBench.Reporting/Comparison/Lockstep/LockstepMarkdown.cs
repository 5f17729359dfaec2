using System.Globalization;
using System.Text;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Comparison.Lockstep;

/// <summary>The lockstep part of compare.md: one row per family in the gates, one per benchmark below them.</summary>
public static class LockstepMarkdown
{
    public static string Families(IReadOnlyList<LockstepFamily> families, double minEffect)
    {
        if (families.Count == 0)
            return "";
        var md = new StringBuilder("Micro benchmarks in lockstep (base and head in alternating slices of the same benchmark, one ratio per slice pair; a family is its benchmarks' gates):\n\n");
        var table = new MarkdownTable("family", "benchmarks", "rounds", "worst slowdown", "bounds", "detectable", "verdict").AlignRight(1, 2, 3, 5);
        foreach (var f in families)
        {
            var worst = f.Benchmarks.MaxBy(b => b.Slowdown)!;
            table.AddRow(f.Family, Whole(f.Benchmarks.Count), Whole(f.Rounds), $"{Number(worst.Slowdown)} ({worst.Benchmark})",
                $"{Number(worst.Lower)} – {Number(worst.Upper)}", Percent(f.DetectableEffect), Verdict(f, minEffect));
        }
        return md.Append(table).Append('\n').ToString();
    }

    public static string Benchmarks(IReadOnlyList<LockstepFamily> families)
    {
        if (families.Count == 0)
            return "";
        var md = new StringBuilder("## Lockstep benchmarks\n\nPer benchmark: per round (a fresh pair of worker processes), the median of the slice pairs' head ÷ base times; over rounds, their geometric mean with Student t bounds at the confidence shown, and the smallest slowdown the gate would flag four times in five at this spread.\n\n");
        var table = new MarkdownTable("benchmark", "base ns/op", "head ns/op", "slowdown", "bounds", "confidence", "rounds × slices", "per-round ratios", "detectable", "B/op base → head", "verdict")
            .AlignRight(1, 2, 3, 4, 5, 6, 8);
        foreach (var b in families.SelectMany(f => f.Benchmarks))
            table.AddRow($"{b.Family}/{b.Benchmark}", Number(b.BaseNanoseconds), Number(b.HeadNanoseconds), Number(b.Slowdown),
                $"{Number(b.Lower)} – {Number(b.Upper)}", Percent(b.Confidence), $"{Whole(b.Rounds)} × {Whole(b.Slices / b.Rounds)}",
                string.Join(" ", b.RoundRatios.Select(r => r.ToString("0.000", CultureInfo.InvariantCulture))), Percent(b.DetectableEffect),
                $"{Number(b.BaseAllocatedBytes)} → {Number(b.HeadAllocatedBytes)}", BenchmarkVerdict(b));
        return md.Append(table).Append('\n').ToString();
    }

    public static string Verdict(LockstepFamily f, double minEffect) => f.Verdict switch
    {
        FamilyVerdict.Regressed => "**regressed**: " + string.Join("; ", f.Regressed.Select(BenchmarkVerdict)),
        FamilyVerdict.UnderPowered => $"under-powered: {MoreRounds(f.RoundsToResolve, f.Rounds)} would resolve {Percent(minEffect)} (now no regression larger than {Percent(f.NoLargerThan)})",
        FamilyVerdict.Improved => "improved",
        _ => $"no regression larger than {Percent(f.NoLargerThan)}",
    };

    private static string BenchmarkVerdict(LockstepBenchmark b) => b.Verdict switch
    {
        FamilyVerdict.Regressed => b.AllocationRegressed
            ? $"{b.Benchmark} allocates {Number(b.HeadAllocatedBytes - b.BaseAllocatedBytes)} B/op more"
            : $"{b.Benchmark} ×{Number(b.Slowdown)} [{Number(b.Lower)}–{Number(b.Upper)}]",
        FamilyVerdict.UnderPowered => $"under-powered: {MoreRounds(b.RoundsToResolve, b.Rounds)} (≤ {Percent(b.NoLargerThan)})",
        FamilyVerdict.Improved => "improved",
        _ => $"no regression larger than {Percent(b.NoLargerThan)}",
    };

    public static string Method(double minEffect) => string.Create(CultureInfo.InvariantCulture, $"""
        - Lockstep (micro benchmarks): two worker processes, one per build, pinned to the same core, run the same benchmark in turn in slices of a few milliseconds (the same number of calls on both sides, B H B H …, base first in even rounds and head first in odd ones). A slice pair's ratio head ÷ base shares the host's state of that moment, so drift between pairs cancels; a round's ratio is the median of its pairs. Every round starts fresh processes, since a process carries its own offset; the replicate is the round, and the bounds are a Student t interval of the mean log ratio at the per-gate confidence. A benchmark regresses when its lower bound is above 1 and its estimate reaches {Percent(minEffect)}, or when it allocates more than {LockstepJudge.AllocationTolerance} B/op more in the median slice of every round.
        - Detectable effect: the smallest slowdown the gate would flag with 80 % power at the spread and count seen, (q + z₀.₈)·SE with q the bounds' quantile. A family whose detectable effect is above {Percent(minEffect)} and that did not regress is under-powered: not passed, with the slices or rounds that would resolve {Percent(minEffect)} at this spread. "No regression larger than X" gives the larger of the detectable effect and the upper bound.

        """);

    private static string MoreRounds(int? inAll, int rounds) =>
        inAll is { } n ? $"{n - rounds} more round{(n - rounds == 1 ? "" : "s")}" : $"more than {Statistics.RoundsNeeded.Cap - rounds} more rounds";

    private static string Number(double value) => MarkdownText.Number(value, 3);

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
