using FlashBench.Bench.Cli;
using FlashBench.Reporting.History;
using FlashBench.Tests.Comparison;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.History;

public sealed class HistoryTests
{
    /// <summary>Finished runs of commits c0, c1, …, one run each (two for <paramref name="twice"/>), micro-benchmarks
    /// 20 % slower from commit <paramref name="step"/> on, with ±1 % noise from run to run.</summary>
    private static List<string> Runs(TempDirectory temp, int commits, int step, params int[] twice)
    {
        var runs = new List<string>();
        int index = 0;
        for (int commit = 0; commit < commits; commit++)
        {
            for (int copy = 0; copy < (twice.Contains(commit) ? 2 : 1); copy++, index++)
            {
                string run = ComparisonRuns.NewRun(Path.Combine(temp.Path, "results"), $"run-{index:00}");
                ComparisonRuns.SetFact(run, "git", "commit", $"c{commit}");
                ComparisonRuns.SetFact(run, null, "utc_start", new DateTime(2026, 1, 1, 0, index, 0, DateTimeKind.Utc).ToString("O"));
                ComparisonRuns.WriteMicro(run, (commit >= step ? 1.2 : 1) * ComparisonRuns.Drift(index, 0.01));
                runs.Add(run);
            }
        }
        return runs;
    }

    [Fact]
    public void Check_names_the_commit_where_a_planted_step_begins()
    {
        using var temp = new TempDirectory();
        var runs = Runs(temp, commits: 7, step: 4, twice: 2);
        string db = Path.Combine(temp.Path, "history.db");

        foreach (string run in runs)
            Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["history", "add", run, "--db", db]));

        using (var database = HistoryDatabase.Open(db, create: false))
        {
            var series = HistorySeries.From(database.Rounds()).Where(s => s.Measurement.Metric == "ns_per_op").ToList();
            Assert.Equal(2, series.Count); // two benchmarks
            Assert.All(series, s => Assert.Equal(["c0", "c1", "c2", "c3", "c4", "c5", "c6"], s.Commits.Select(c => c.Commit)));
            Assert.All(series, s => Assert.Equal(2, s.Commits[2].Runs));
            var shift = Assert.Single(series.SelectMany(s => LevelShifts.Detect(s, 0.05)), s => s.Series.Measurement.Point.Contains("direct"));
            Assert.Equal("c4", shift.Commit);
            Assert.Equal("c3", shift.PreviousCommit);
            Assert.True(shift.Worse);
            Assert.InRange(shift.Slowdown, 1.17, 1.23);
        }
        Assert.Equal(ExitCodes.Failure, FlashBenchCli.Run(["history", "check", "--db", db]));
        Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["history", "check", "--db", db, "--min-magnitude", "30%"]));
    }

    [Fact]
    public void A_steady_series_has_no_shift()
    {
        using var temp = new TempDirectory();
        string db = Path.Combine(temp.Path, "history.db");
        Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["history", "add", .. Runs(temp, commits: 6, step: 99), "--db", db]));

        Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["history", "check", "--db", db]));
    }

    [Fact]
    public void Adding_a_run_again_replaces_it_and_the_default_database_sits_beside_results()
    {
        using var temp = new TempDirectory();
        var runs = Runs(temp, commits: 2, step: 99);

        Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["history", "add", runs[0]]));
        Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["history", "add", runs[0], runs[1]]));

        string db = Path.Combine(temp.Path, HistoryDatabase.DefaultFileName);
        using var database = HistoryDatabase.Open(db, create: false);
        Assert.Equal(2 * 2 * 2, database.Rounds().Count); // 2 runs × 2 benchmarks × (time, allocations), one round each
    }

    [Fact]
    public void Show_charts_a_measurement_over_commits()
    {
        using var temp = new TempDirectory();
        string db = Path.Combine(temp.Path, "history.db");
        string plots = Path.Combine(temp.Path, "plots");
        Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["history", "add", .. Runs(temp, commits: 3, step: 99), "--db", db]));

        Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["history", "show", "benchmark=direct 32K warm [ns_per_op]", "--db", db, "--out", plots]));
        Assert.Single(Directory.GetFiles(plots, "*.png"));
        Assert.Single(Directory.GetFiles(plots, "*.svg"));
        // by name alone it matches the time and the allocations: one chart per metric
        Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["history", "show", "micro: family=read-path, benchmark=buffered 32K warm", "--db", db, "--out", plots]));
        Assert.Equal(3, Directory.GetFiles(plots, "*.png").Length);
        Assert.Equal(ExitCodes.BadInput, FlashBenchCli.Run(["history", "show", "no such measurement", "--db", db, "--out", plots]));
    }

    [Fact]
    public void Bad_input_exits_two_and_writes_nothing()
    {
        using var temp = new TempDirectory();
        string db = Path.Combine(temp.Path, "history.db");
        string partial = ComparisonRuns.NewRun(temp.Path, "partial", completed: false);
        ComparisonRuns.WriteMicro(partial);

        Assert.Equal(ExitCodes.BadInput, FlashBenchCli.Run(["history", "add", partial, "--db", db]));
        Assert.Equal(ExitCodes.BadInput, FlashBenchCli.Run(["history", "check", "--db", db]));
        Assert.Equal(ExitCodes.BadInput, FlashBenchCli.Run(["history", "show", "direct", "--db", db]));
        Assert.False(File.Exists(db));
    }
}
