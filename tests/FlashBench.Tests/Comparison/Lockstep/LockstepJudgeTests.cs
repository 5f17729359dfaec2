using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.Comparison.Lockstep;

namespace FlashBench.Tests.Comparison.Lockstep;

public sealed class LockstepJudgeTests
{
    private const double MinEffect = 0.05;
    private const double Confidence = 0.995;

    [Fact]
    public void A_steady_benchmark_passes_and_states_what_it_could_have_seen()
    {
        var family = LockstepJudge.Decide(SliceRows.Of("read-path", "direct 32K warm", 10, 1.0, SliceRows.Alternating(0.01)), MinEffect, Confidence).Single();

        Assert.Equal("micro read-path", family.Family);
        Assert.Equal(FamilyVerdict.NoRegression, family.Verdict);
        Assert.InRange(family.DetectableEffect, 0.001, MinEffect);
        Assert.StartsWith("no regression larger than ", LockstepMarkdown.Verdict(family, MinEffect));
    }

    [Fact]
    public void A_planted_slowdown_regresses_and_names_its_benchmark()
    {
        var rows = SliceRows.Of("read-path", "direct 32K warm", 10, 1.15, SliceRows.Alternating(0.01))
            .Concat(SliceRows.Of("read-path", "buffered 32K warm", 10, 1.0, SliceRows.Alternating(0.01))).ToList();

        var family = LockstepJudge.Decide(rows, MinEffect, Confidence).Single();

        Assert.Equal(FamilyVerdict.Regressed, family.Verdict);
        Assert.Equal("direct 32K warm", family.Regressed.Single().Benchmark);
        Assert.Equal(1.15, family.Regressed.Single().Slowdown, 2);
        Assert.Contains("direct 32K warm ×1.15", LockstepMarkdown.Verdict(family, MinEffect));
    }

    [Fact]
    public void A_shown_slowdown_below_the_minimum_effect_does_not_regress()
    {
        var benchmark = LockstepJudge.Decide(SliceRows.Of("window", "advance k=4", 10, 1.02, SliceRows.Alternating(0.002)), MinEffect, Confidence)
            .Single().Benchmarks.Single();

        Assert.True(benchmark.Lower > 1);
        Assert.Equal(FamilyVerdict.NoRegression, benchmark.Verdict);
    }

    [Fact]
    public void A_noisy_benchmark_is_under_powered_and_says_how_many_rounds_would_resolve_it()
    {
        var family = LockstepJudge.Decide(SliceRows.Of("slots", "update 16K rows", 6, 1.0, SliceRows.Alternating(0.05)), MinEffect, Confidence).Single();

        Assert.Equal(FamilyVerdict.UnderPowered, family.Verdict);
        Assert.True(family.DetectableEffect > MinEffect);
        Assert.NotNull(family.RoundsToResolve);
        Assert.True(family.RoundsToResolve > 6);
        Assert.StartsWith("under-powered: ", LockstepMarkdown.Verdict(family, MinEffect));
    }

    [Fact]
    public void More_allocation_in_every_round_regresses_but_not_in_only_some()
    {
        var every = LockstepJudge.Decide(SliceRows.Of("window", "advance k=4", 4, 1.0, SliceRows.Alternating(0.001), baseAllocated: 12_000,
            extraAllocated: _ => 24), MinEffect, Confidence).Single().Benchmarks.Single();
        var some = LockstepJudge.Decide(SliceRows.Of("window", "advance k=4", 4, 1.0, SliceRows.Alternating(0.001), baseAllocated: 12_000,
            extraAllocated: round => round == 2 ? -30 : 130), MinEffect, Confidence).Single().Benchmarks.Single();

        Assert.True(every.AllocationRegressed);
        Assert.Equal(FamilyVerdict.Regressed, every.Verdict);
        Assert.False(some.AllocationRegressed);
    }

    [Fact]
    public void One_round_is_refused()
    {
        Assert.Throws<InvalidDataException>(() =>
            LockstepJudge.Decide(SliceRows.Of("window", "advance k=4", 1, 1.0, _ => 1), MinEffect, Confidence));
    }
}
