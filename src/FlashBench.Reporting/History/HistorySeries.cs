using FlashBench.Reporting.Comparison;
using MathNet.Numerics.Statistics;

namespace FlashBench.Reporting.History;

/// <summary>One commit's rounds of a measurement on a testbed; its level is the median of the rounds' medians.</summary>
public sealed record CommitLevel(string Commit, int Runs, IReadOnlyList<double> Rounds)
{
    public double Median => Rounds.Median();

    public string ShortCommit => Commit.Length > 10 ? Commit[..10] : Commit;
}

/// <summary>A measurement over commits on one testbed, commits in the order they were first measured.</summary>
public sealed record HistorySeries(string Testbed, Measurement Measurement, IReadOnlyList<CommitLevel> Commits)
{
    public static IReadOnlyList<HistorySeries> From(IEnumerable<HistoryRound> rounds) =>
        rounds.GroupBy(r => (r.Testbed, r.Measurement.Key))
            .Select(series => new HistorySeries(series.Key.Testbed, series.First().Measurement,
                series.GroupBy(r => r.Commit)
                    .Select(commit => new CommitLevel(commit.Key, commit.Select(r => r.RunId).Distinct().Count(), commit.Select(r => r.Median).ToList()))
                    .ToList()))
            .OrderBy(s => s.Measurement.Key, StringComparer.Ordinal)
            .ThenBy(s => s.Testbed, StringComparer.Ordinal)
            .ToList();
}
