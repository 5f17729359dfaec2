using FlashBench.Bench.Experiments.Sparse;
using FlashBench.Bench.Hosting;
using FlashBench.Reporting.Comparison;

namespace FlashBench.Tests.Comparison;

public sealed class RunComparerTests
{
    private static ComparisonReport Compare(ComparisonSides sides, ComparisonOptions? options = null) =>
        RunComparer.Compare(sides.Base, sides.Head, options ?? new ComparisonOptions(), ExperimentCatalog.Comparisons);

    [Fact]
    public void Same_data_regresses_nothing()
    {
        using var sides = new ComparisonSides(3, (run, round, _) => ComparisonRuns.WriteThroughput(run, _ => ComparisonRuns.Drift(round, 0.1)));

        var report = Compare(sides);

        Assert.False(report.Regressed);
        Assert.Equal(["throughput buffered", "throughput direct"], report.Families.Select(f => f.Family).Order());
        Assert.All(report.Families, f => Assert.Equal(FamilyVerdict.NoRegression, f.Verdict));
        Assert.All(report.Families, f => Assert.Equal(1.0, f.Slowdown, 9));
        Assert.Equal(ComparisonRuns.Grid.Length, report.Points.Count);
        Assert.All(report.Points, p => Assert.Equal(1.0, p.Slowdown, 9));
    }

    [Fact]
    public void Planted_slowdown_of_one_read_method_fails_its_family_and_names_the_points()
    {
        // Head's direct reads are 15 % slower (throughput ÷ 1.15); round-to-round noise of ±2 % on top, not shared with the reference.
        using var sides = new ComparisonSides(3, (run, round, head) => ComparisonRuns.WriteThroughput(run,
            _ => ComparisonRuns.Drift(round, 0.1),
            p => (head && p.Method == "direct" ? 1 / 1.15 : 1) * ComparisonRuns.Drift(round + (head ? 5 : 0) + p.Chunk, 0.02)));

        var report = Compare(sides);

        var regressed = Assert.Single(report.RegressedFamilies);
        Assert.Equal("throughput direct", regressed.Family);
        Assert.InRange(regressed.Slowdown, 1.12, 1.18);
        Assert.True(regressed.Lower > 1);
        Assert.NotEmpty(regressed.WorstPoints);
        Assert.All(regressed.WorstPoints, p => Assert.StartsWith("method=direct", p.Measurement.Point));
        Assert.Contains(report.Families.Single(f => f.Family == "throughput buffered").Verdict, new[] { FamilyVerdict.NoRegression, FamilyVerdict.UnderPowered });
    }

    [Fact]
    public void Three_round_means_that_agree_by_chance_do_not_make_a_bound_tighter_than_the_points_noise()
    {
        // Head's direct points move ±10–20 % from round to round around ×1.09, and the moves cancel within every round:
        // the three family means agree exactly. Their SD of 0 must not pass for a certain regression (a commit compared
        // with itself once failed this way); the points' own noise bounds it.
        double[][] residual = [[0.2, -0.1, -0.1], [-0.2, 0.1, 0.1], [0.1, 0.1, -0.2], [-0.1, -0.1, 0.2]];
        var direct = ComparisonRuns.Grid.Where(g => g.Method == "direct").Select(g => (g.Chunk, g.Threads)).ToList();
        using var sides = new ComparisonSides(3, (run, round, head) => ComparisonRuns.WriteThroughput(run, _ => 1,
            p => head && p.Method == "direct" ? Math.Exp(-(0.09 + residual[direct.IndexOf((p.Chunk, p.Threads))][round])) : 1));

        var family = Compare(sides).Families.Single(f => f.Family == "throughput direct");

        Assert.InRange(family.Slowdown, 1.09, 1.1);
        Assert.True(family.Lower < 1, $"lower bound {family.Lower}");
        Assert.Equal(FamilyVerdict.Inconclusive, family.Verdict);
    }

    [Fact]
    public void Device_drift_shared_with_the_reference_cancels()
    {
        // Every head round finds the device 20 % slower, FlashBench and fio alike: not a regression of the code.
        using var sides = new ComparisonSides(3, (run, round, head) =>
            ComparisonRuns.WriteThroughput(run, _ => (head ? 0.8 : 1) * ComparisonRuns.Drift(round, 0.05)));

        var report = Compare(sides);

        Assert.False(report.Regressed);
        Assert.All(report.Families, f => Assert.Equal(1.0, f.Slowdown, 6));
        Assert.All(report.Families, f => Assert.True(f.Referenced));
    }

    [Fact]
    public void The_same_drift_without_a_reference_is_not_cancelled_and_the_report_says_so()
    {
        using var sides = new ComparisonSides(3, (run, round, head) =>
            ComparisonRuns.WriteThroughput(run, _ => (head ? 0.8 : 1) * ComparisonRuns.Drift(round, 0.05), reference: false));

        var report = Compare(sides);

        Assert.All(report.Families, f => Assert.Equal(1.25, f.Slowdown, 6));
        Assert.All(report.Families, f => Assert.False(f.Referenced));
        Assert.True(report.Families.Count > 1);
        // 99 % for device-bound figures without a reference, split across the gates
        Assert.All(report.Families, f => Assert.Equal(1 - 0.01 / report.Families.Count, f.Confidence, 12));
        Assert.Contains("no device reference", ComparisonMarkdown.Format(report));
    }

    [Fact]
    public void The_gates_share_the_confidence_so_that_any_one_failing_stays_rare()
    {
        Assert.Equal(0.95, FamilyGate.PerGate(0.95, 1), 12);
        Assert.Equal(0.99, FamilyGate.PerGate(0.95, 5), 12);
        Assert.Equal(0.95, FamilyGate.PerGate(0.95, 0), 12);
        // five gates at 1 − 5 %/5: the chance that some gate fails for a commit against itself is at most 5 %
        Assert.True(1 - Math.Pow(FamilyGate.PerGate(0.95, 5), 5) <= 0.05);
    }

    [Fact]
    public void Passes_are_rounds()
    {
        using var sides = new ComparisonSides(1, (run, _, head) =>
            ComparisonRuns.WriteThroughput(run, pass => ComparisonRuns.Drift(pass, 0.1), p => head && p.Method == "buffered" ? 0.7 : 1, passes: 4));

        var report = Compare(sides);

        Assert.All(report.Families, f => Assert.Equal(4, f.Rounds));
        Assert.Equal("throughput buffered", Assert.Single(report.RegressedFamilies).Family);
    }

    [Fact]
    public void Tokens_sum_their_layers_per_iteration_and_token_and_leave_cold_tokens_out()
    {
        using var sides = new ComparisonSides(2, (run, _, _) => ComparisonRuns.WriteTokens(run, perLayerMs: 20, layers: 4));

        var point = Assert.Single(Compare(sides).Points);

        Assert.Equal("latency all", point.Measurement.Family);
        Assert.InRange(point.BaseMedian, 80 * 0.99, 80 * 1.01); // 4 layers × 20 ms; the 100× cold token would move it
    }

    [Fact]
    public void Sparse_experiments_share_one_gate()
    {
        using var sides = new ComparisonSides(3, (run, round, head) => ComparisonRuns.WriteWindowing(run, ioMs: (head ? 130 : 100) * ComparisonRuns.Drift(round, 0.01)));

        var family = Assert.Single(Compare(sides).Families);

        Assert.Equal(SparseExperiment.ComparisonFamily, family.Family);
        Assert.False(family.Referenced);
        Assert.Equal(FamilyVerdict.Regressed, family.Verdict);
    }

    [Fact]
    public void One_more_allocation_per_call_fails_the_micro_family_even_when_the_time_hides_it()
    {
        using var sides = new ComparisonSides(2, (run, round, head) => ComparisonRuns.WriteMicro(run, ComparisonRuns.Drift(round, 0.01), head ? 24 : 0));

        var report = Compare(sides);

        var family = Assert.Single(report.RegressedFamilies);
        Assert.Equal("micro read-path", family.Family);
        Assert.Equal(2, family.CountedRegressions.Count);
        Assert.InRange(family.Slowdown, 0.999, 1.001);
    }

    [Fact]
    public void Incomparable_runs_are_bad_input_unless_allowed()
    {
        using var sides = new ComparisonSides(2, (run, _, _) => ComparisonRuns.WriteMicro(run), headProfile: "standard");

        var error = Assert.Throws<InvalidDataException>(() => Compare(sides));
        Assert.Contains("profile: quick", error.Message);
        Assert.Contains("standard", error.Message);

        var report = Compare(sides, new ComparisonOptions(AllowDifferent: true));
        Assert.StartsWith("# FlashBench comparison\n\n> **Warning: these runs were measured under different conditions", ComparisonMarkdown.Format(report));
    }

    [Fact]
    public void A_different_kernel_is_incomparable()
    {
        using var sides = new ComparisonSides(2, (run, _, _) => ComparisonRuns.WriteMicro(run));
        ComparisonRuns.SetFact(sides.Head[1], "machine", "kernel", "5.4.0-other");

        var error = Assert.Throws<InvalidDataException>(() => Compare(sides));
        Assert.Contains("machine.kernel", error.Message);
    }

    [Fact]
    public void A_different_test_file_size_is_incomparable()
    {
        using var sides = new ComparisonSides(2, (run, _, _) => ComparisonRuns.WriteMicro(run));
        string other = ComparisonRuns.NewRun(sides.Root, "other-size", fileBytes: 8L << 30);
        ComparisonRuns.WriteMicro(other);

        var error = Assert.Throws<InvalidDataException>(() => RunComparer.Compare(sides.Base, [sides.Head[0], other], new ComparisonOptions(), ExperimentCatalog.Comparisons));
        Assert.Contains("experiments.throughput.file_bytes: 1073741824", error.Message);
    }

    [Fact]
    public void A_partial_run_is_bad_input()
    {
        using var sides = new ComparisonSides(2, (run, _, _) => ComparisonRuns.WriteMicro(run));
        string partial = ComparisonRuns.NewRun(sides.Root, "partial", completed: false);
        ComparisonRuns.WriteMicro(partial);

        var error = Assert.Throws<InvalidDataException>(() => RunComparer.Compare(sides.Base, [sides.Head[0], partial], new ComparisonOptions(), ExperimentCatalog.Comparisons));
        Assert.Contains("partial run", error.Message);
    }

    [Fact]
    public void A_truncated_csv_is_bad_input()
    {
        using var sides = new ComparisonSides(2, (run, _, _) => ComparisonRuns.WriteThroughput(run, _ => 1));
        string csv = Path.Combine(sides.Head[1], "throughput.csv");
        string text = File.ReadAllText(csv);
        File.WriteAllText(csv, text[..(text.Length - 40)]);

        Assert.Throws<FlashBench.Core.Results.CsvFormatException>(() => Compare(sides));
    }

    [Fact]
    public void Points_on_one_side_only_are_bad_input_and_listed()
    {
        using var sides = new ComparisonSides(2, (run, _, head) =>
            ComparisonRuns.WriteThroughput(run, _ => 1, grid: head ? ComparisonRuns.Grid[1..] : ComparisonRuns.Grid));

        var error = Assert.Throws<InvalidDataException>(() => Compare(sides));
        Assert.Contains("throughput: method=direct, chunk_bytes=4096, threads=1", error.Message);
        Assert.Contains("missing in head run 1", error.Message);
    }

    [Fact]
    public void An_experiment_on_one_side_only_is_bad_input()
    {
        using var sides = new ComparisonSides(2, (run, _, head) =>
        {
            ComparisonRuns.WriteMicro(run);
            if (!head)
                ComparisonRuns.WriteWindowing(run, 100);
        });

        var error = Assert.Throws<InvalidDataException>(() => Compare(sides));
        Assert.Contains("windowing.csv is in 2 base run(s) but 0 head run(s)", error.Message);
    }

    [Fact]
    public void A_round_may_span_one_run_directory_per_experiment()
    {
        // compare-commits runs each experiment command into its own run directory: base = t1, m1, t2, m2.
        using var sides = new ComparisonSides(4, (run, round, head) =>
        {
            if (round % 2 == 0)
                ComparisonRuns.WriteThroughput(run, _ => ComparisonRuns.Drift(round, 0.1), p => head && p.Method == "direct" ? 0.8 : 1);
            else
                ComparisonRuns.WriteMicro(run, ComparisonRuns.Drift(round, 0.01));
        });

        var report = Compare(sides);

        Assert.All(report.Families, f => Assert.Equal(2, f.Rounds));
        Assert.Equal("throughput direct", Assert.Single(report.RegressedFamilies).Family);
        Assert.Contains(report.Families, f => f.Family == "micro read-path");
    }

    [Fact]
    public void A_single_round_is_listed_as_not_judged_and_judges_nothing()
    {
        using var sides = new ComparisonSides(1, (run, _, head) => ComparisonRuns.WriteMicro(run, head ? 2 : 1));

        var report = Compare(sides);

        Assert.False(report.Judged);
        Assert.False(report.Regressed);
        Assert.Empty(report.Families);
        Assert.Empty(report.Points);
        var notJudged = Assert.Single(report.NotJudged);
        Assert.Equal("micro", notJudged.Experiment);
        Assert.Equal(["micro read-path"], notJudged.Families);
        Assert.Contains("**Nothing judged:**", ComparisonMarkdown.Gates(report));
    }

    [Fact]
    public void Two_default_suite_runs_judge_the_throughput_passes_and_list_the_single_round_experiments()
    {
        using var sides = new ComparisonSides(1, (run, _, head) =>
            ComparisonRuns.WriteDefaultSuite(run, pass => ComparisonRuns.Drift(pass + (head ? 3 : 0), 0.02)));

        var report = Compare(sides);

        Assert.True(report.Judged);
        Assert.False(report.Regressed);
        Assert.Equal(["throughput buffered", "throughput direct"], report.Families.Select(f => f.Family).Order());
        Assert.All(report.Families, f => Assert.Equal(ComparisonRuns.DefaultPasses, f.Rounds));
        Assert.All(report.Points, p => Assert.Equal("throughput", p.Measurement.Experiment));
        Assert.Equal(["latency", "micro", "windowing"], report.NotJudged.Select(n => n.Experiment).Order());
        Assert.Empty(report.NotCompared);
        string gates = ComparisonMarkdown.Gates(report);
        Assert.Contains("- windowing (sparse loaders): not judged: one round per side (run with --passes N)", gates);
        Assert.Contains("- latency (latency all): not judged: one round per side (run with --passes N)", gates);
        Assert.Contains("- micro (micro read-path): not judged: one round per side (run with --passes N)", gates);
    }

    [Fact]
    public void A_slowdown_in_the_throughput_passes_of_two_default_suite_runs_fails_its_family()
    {
        // One run per side, no fio reference: the device moves ±2 % from pass to pass differently in each run; head's buffered reads lose a third.
        using var sides = new ComparisonSides(1, (run, _, head) => ComparisonRuns.WriteDefaultSuite(run,
            pass => ComparisonRuns.Drift(pass + (head ? 3 : 0), 0.02), p => head && p.Method == "buffered" ? 1 / 1.5 : 1));

        var report = Compare(sides);

        var regressed = Assert.Single(report.RegressedFamilies);
        Assert.Equal("throughput buffered", regressed.Family);
        Assert.Equal(ComparisonRuns.DefaultPasses, regressed.Rounds);
        Assert.True(regressed.Lower > 1, $"lower bound {regressed.Lower}");
        Assert.Contains(report.Families.Single(f => f.Family == "throughput direct").Verdict, new[] { FamilyVerdict.NoRegression, FamilyVerdict.UnderPowered });
        Assert.Equal(3, report.NotJudged.Count);
    }

    [Fact]
    public void Rows_measured_on_a_degraded_device_leave_their_rounds_out()
    {
        // Head's direct points read at half speed in pass 1, marked degraded: that pass is left out, not read as a regression.
        using var sides = new ComparisonSides(1, (run, _, head) => ComparisonRuns.WriteDefaultSuite(run, _ => 1,
            degraded: head ? (pass, p) => pass == 1 && p.Method == "direct" : null));

        var report = Compare(sides);

        var direct = report.Families.Single(f => f.Family == "throughput direct");
        Assert.Equal(1.0, direct.Slowdown, 9);
        Assert.Equal(2, direct.Rounds);
        Assert.All(report.Points.Where(p => p.Measurement.Family == "throughput direct"), p => Assert.Equal(2, p.Rounds));
        Assert.False(report.Regressed);
    }

    [Fact]
    public void Sparse_passes_are_rounds()
    {
        using var sides = new ComparisonSides(1, (run, _, head) =>
            ComparisonRuns.WriteWindowing(run, ioMs: head ? 130 : 100, passes: 3, pass: p => ComparisonRuns.Drift(p + (head ? 3 : 0), 0.01)));

        var report = Compare(sides);

        var family = Assert.Single(report.Families);
        Assert.Equal(SparseExperiment.ComparisonFamily, family.Family);
        Assert.Equal(3, family.Rounds);
        Assert.Equal(FamilyVerdict.Regressed, family.Verdict);
        Assert.Empty(report.NotJudged);
    }

    [Fact]
    public void A_point_with_few_rounds_is_unknown_and_says_how_many_more()
    {
        using var sides = new ComparisonSides(3, (run, round, head) =>
            ComparisonRuns.WriteThroughput(run, _ => 1, p => (head && p == ("direct", 32768, 32) ? 0.8 : 1) * ComparisonRuns.Drift(round * 7 + p.Chunk + (head ? 1 : 0), 0.02)));

        var point = Compare(sides).Points.Single(p => p.Measurement.Point == "method=direct, chunk_bytes=32768, threads=32");

        // 3 rounds cannot give a distribution-free 95 % bound (2^-3 > 2.5 %): unknown, and 6 rounds in all would do.
        Assert.Equal(PointVerdict.Unknown, point.Verdict);
        Assert.Equal(6, point.RoundsInAll);
        Assert.InRange(point.Slowdown, 1.2, 1.3);
    }

    [Fact]
    public void A_point_with_enough_rounds_is_called_slower()
    {
        using var sides = new ComparisonSides(8, (run, round, head) =>
            ComparisonRuns.WriteThroughput(run, _ => 1, p => (head && p == ("direct", 32768, 32) ? 0.8 : 1) * ComparisonRuns.Drift(round * 7 + p.Chunk + (head ? 1 : 0), 0.02)));

        var points = Compare(sides).Points;

        var slower = Assert.Single(points, p => p.Verdict == PointVerdict.Slower);
        Assert.Equal("throughput: method=direct, chunk_bytes=32768, threads=32", slower.Measurement.Name);
        Assert.True(slower.Lower > 1);
        Assert.DoesNotContain(points, p => p.Verdict == PointVerdict.Faster);
    }
}
