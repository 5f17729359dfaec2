using System.Globalization;
using System.Text;
using FlashBench.Reporting.Comparison.Lockstep;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Comparison;

/// <summary>compare.md: the gates first (they decide the exit code), the regressed families' worst points, then
/// the per-point report, the counted metrics, what could not be compared, and how it was decided.</summary>
public static class ComparisonMarkdown
{
    public static string Format(ComparisonReport report)
    {
        var md = new StringBuilder("# FlashBench comparison\n\n");
        if (report.AllowedDifferences.Count > 0)
            md.Append("> **Warning: these runs were measured under different conditions (compared anyway, --allow-different):** ")
              .Append(string.Join("; ", report.AllowedDifferences)).Append("\n\n");
        md.Append($"base: {string.Join(", ", report.BaseRuns)}  \nhead: {string.Join(", ", report.HeadRuns)}  \n")
          .Append("Base round i is paired with head round i (a round = a run directory's pass, in order). Slowdown above 1 = head worse, whichever way the metric points.\n\n");
        md.Append(Gates(report));
        md.Append(LockstepMarkdown.Benchmarks(report.Lockstep));
        md.Append(Points(report));
        md.Append(Counted(report));
        if (report.NotCompared.Count > 0)
        {
            md.Append("## Not compared\n\n");
            var table = new MarkdownTable("measurement", "metric", "reason");
            foreach (var n in report.NotCompared)
                table.AddRow(n.Measurement.Name, n.Measurement.Metric, n.Reason);
            md.Append(table).Append('\n');
        }
        md.Append(Method(report.Options));
        if (report.Lockstep.Count > 0)
            md.Append(LockstepMarkdown.Method(report.Options.MinEffect));
        return md.ToString();
    }

    /// <summary>The gates, their notes, what was not judged, and each regressed family's worst points: what the console prints too.</summary>
    public static string Gates(ComparisonReport report)
    {
        var md = new StringBuilder("## Gates\n\n");
        md.Append(!report.Judged ? "**Nothing judged:** no experiment has two rounds per side with usable samples.\n\n"
            : report.Regressed ? $"**Regressed: {string.Join(", ", report.RegressedFamilies.Select(f => f.Family).Concat(report.Lockstep.Where(f => f.Verdict == FamilyVerdict.Regressed).Select(f => f.Family)))}.**\n\n"
            : "**No family regressed.**\n\n");
        if (report.Judged)
            md.Append(Passed(report)).Append("\n\n");
        if (report.Families.Count > 0)
        {
            var table = new MarkdownTable("family", "rounds", "points", "device reference", "confidence", "slowdown", "bounds", "detectable", "verdict").AlignRight(1, 2, 4, 5, 6, 7);
            foreach (var f in report.Families)
                table.AddRow(f.Family, Whole(f.Rounds), Whole(f.Points), ReferenceText(f), Percent(f.Confidence), Number(f.Slowdown),
                    $"{Number(f.Lower)} – {Number(f.Upper)}", Percent(f.DetectableEffect), VerdictText(f, report.Options.MinEffect));
            md.Append(table).Append('\n');
        }
        md.Append(LockstepMarkdown.Families(report.Lockstep, report.Options.MinEffect));
        foreach (var f in report.Families.Where(f => f.DeviceBound && !f.Referenced))
            md.Append($"- {f.Family}: no device reference on {f.Points - f.ReferencedPoints} of {f.Points} points (fio did not run beside them), so the device's drift between rounds is not cancelled; its bounds are at {Percent(f.Confidence)} instead of {Percent(report.Options.Confidence)}.\n");
        foreach (var f in report.Families.Where(f => f.Verdict == FamilyVerdict.Inconclusive))
            md.Append($"- {f.Family}: the estimate reaches the minimum effect but the bounds include no change — {MoreRounds(f.RoundsInAll, f.Rounds)}.\n");
        foreach (var n in report.NotJudged)
            md.Append($"- {n.Experiment} ({string.Join(", ", n.Families)}): not judged: {n.Reason}\n");
        md.Append('\n');
        foreach (var f in report.RegressedFamilies)
        {
            md.Append($"### Regressed: {f.Family}\n\n");
            if (f.WorstPoints.Count > 0)
                md.Append("Worst points:\n\n").Append(PointTable(f.WorstPoints)).Append('\n');
            if (f.CountedRegressions.Count > 0)
                md.Append("Counted metrics worse in every round:\n\n").Append(CountedTable(f.CountedRegressions)).Append('\n');
        }
        return md.ToString();
    }

    private static string Points(ComparisonReport report)
    {
        var md = new StringBuilder("## Points (a report: the gates above decide)\n\n");
        int Count(PointVerdict v) => report.Points.Count(p => p.Verdict == v);
        md.Append(string.Create(CultureInfo.InvariantCulture,
            $"{Count(PointVerdict.Slower)} slower, {Count(PointVerdict.Faster)} faster, {Count(PointVerdict.Same)} same, {Count(PointVerdict.Unknown)} unknown of {report.Points.Count} points; minimum effect {Percent(report.Options.PointMinEffect)}, false-discovery rate 1 − confidence.\n\n"));
        foreach (var verdict in new[] { PointVerdict.Slower, PointVerdict.Faster, PointVerdict.Unknown, PointVerdict.Same })
        {
            var rows = report.Points.Where(p => p.Verdict == verdict).OrderByDescending(p => verdict == PointVerdict.Faster ? 1 / p.Slowdown : p.Slowdown).ToList();
            if (rows.Count == 0)
                continue;
            md.Append($"### {verdict}\n\n").Append(PointTable(rows)).Append('\n');
        }
        return md.ToString();
    }

    private static string Counted(ComparisonReport report)
    {
        if (report.Counted.Count == 0)
            return "";
        return "## Counted metrics\n\nCompared round by round against a fixed tolerance (not timed, so no statistics).\n\n" + CountedTable(report.Counted) + "\n";
    }

    public static string PointTable(IEnumerable<PointResult> rows)
    {
        var table = new MarkdownTable("measurement", "metric", "base", "head", "slowdown", "bounds", "confidence", "p", "q", "rounds", "reference", "verdict")
            .AlignRight(2, 3, 4, 5, 6, 7, 8, 9);
        foreach (var p in rows)
            table.AddRow(p.Measurement.Name, $"{p.Measurement.Metric} {p.Measurement.Direction.Arrow()}", Number(p.BaseMedian), Number(p.HeadMedian),
                Number(p.Slowdown), double.IsNaN(p.Lower) ? "none yet" : $"{Number(p.Lower)} – {Number(p.Upper)}", Percent(p.Confidence), Number(p.PValue), Number(p.QValue),
                Whole(p.Rounds), p.Measurement.Kind == MetricKind.DeviceBound ? (p.Referenced ? "yes" : "none") : "not needed",
                p.Verdict == PointVerdict.Unknown ? "unknown — " + MoreRounds(p.RoundsInAll, p.Rounds) : p.Verdict.ToString().ToLowerInvariant());
        return table.ToString();
    }

    private static string CountedTable(IEnumerable<CountedResult> rows)
    {
        var table = new MarkdownTable("measurement", "metric", "base", "head", "change per round (worse > 0)", "tolerance", "rounds", "verdict").AlignRight(2, 3, 5, 6);
        foreach (var c in rows)
            table.AddRow(c.Measurement.Name, $"{c.Measurement.Metric} {c.Measurement.Direction.Arrow()}", Number(c.BaseMedian), Number(c.HeadMedian),
                $"{Number(c.SmallestChange)} … {Number(c.LargestChange)}", Number(c.Measurement.Tolerance), Whole(c.Rounds), c.Verdict.ToString().ToLowerInvariant());
        return table.ToString();
    }

    private static string Method(ComparisonOptions options) => string.Create(CultureInfo.InvariantCulture, $"""
        ## How this was decided

        - The replicate is the round, not the iteration: per measurement, one median per round (a round is one pass of one run directory: a pass visits every point again, in a fresh order and later in time, so rounds carry the drift that consecutive iterations do not); base round i is paired with head round i, and each pair gives a log slowdown. Where both rounds have a device reference (fio beside the iteration), the device's own change is divided out: Δ = log(head ÷ base) − log(ref_head ÷ ref_base).
        - An experiment with one round per side gives no spread to judge a change against: it is listed as not judged and fails nothing. Rows measured while the device was outside its steady band (device_state degraded) are left out, as are warm or excluded rows.
        - Gate (one per family, decides the exit code): per round, the mean log slowdown over the family's points; over rounds, a Student t interval of that mean ({Percent(options.Confidence)}; {Percent(options.UnreferencedConfidence)} for device-bound families without a reference). A family regresses when the lower bound of its geometric-mean slowdown is above 1 and the estimate is at least {Percent(options.MinEffect)}, or when a counted metric (allocations) is worse in every round.
        - Points (a report): Hodges–Lehmann estimate (Pragmastat Center) of the per-round log slowdowns, distribution-free signed-rank bounds, exact signed-rank p values adjusted with Benjamini–Hochberg over all points; slower/faster needs q ≤ 1 − confidence and at least {Percent(options.PointMinEffect)}; same needs the bounds inside ±{Percent(options.PointMinEffect)} (or a shown change below it). Distribution-free bounds need {Statistics.SignedRank.MinimumRounds(options.Confidence)} rounds at {Percent(options.Confidence)} and {Statistics.SignedRank.MinimumRounds(options.UnreferencedConfidence)} at {Percent(options.UnreferencedConfidence)} ("none yet" below that); "run N more rounds" assumes the spread seen so far.

        """);

    private static string ReferenceText(FamilyResult f) =>
        !f.DeviceBound ? "not needed" : f.Referenced ? $"yes ({f.ReferencedPoints}/{f.Points})" : $"**no** ({f.ReferencedPoints}/{f.Points})";

    private static string VerdictText(FamilyResult f, double minEffect) => f.Verdict switch
    {
        FamilyVerdict.Regressed => f.CountedRegressions.Count > 0 ? "**regressed** (counted metric)" : "**regressed**",
        FamilyVerdict.Inconclusive => "inconclusive — " + MoreRounds(f.RoundsInAll, f.Rounds),
        FamilyVerdict.UnderPowered => $"under-powered: {(f.RoundsInAll is { } n ? $"{n - f.Rounds} more rounds would" : $"more than {Statistics.RoundsNeeded.Cap - f.Rounds} more rounds would be needed to")} resolve {Percent(minEffect)} (now no regression larger than {Percent(f.NoLargerThan)})",
        FamilyVerdict.Improved => "improved",
        _ => $"no regression larger than {Percent(f.NoLargerThan)}",
    };

    /// <summary>"Passed: … Not passed (under-powered): …": a family passes when it neither regressed nor left the minimum effect unresolved.</summary>
    public static string Passed(ComparisonReport report)
    {
        var passed = report.Families.Where(f => f.Verdict is FamilyVerdict.NoRegression or FamilyVerdict.Improved).Select(f => $"{f.Family} (≤ {Percent(f.NoLargerThan)})")
            .Concat(report.Lockstep.Where(f => f.Verdict is FamilyVerdict.NoRegression or FamilyVerdict.Improved).Select(f => $"{f.Family} (≤ {Percent(f.NoLargerThan)})"))
            .ToList();
        var under = report.UnderPoweredFamilies.ToList();
        return $"Passed: {(passed.Count == 0 ? "none" : string.Join(", ", passed))}." + (under.Count == 0 ? "" : $" Not passed (under-powered or undecided): {string.Join(", ", under)}.");
    }

    public static string MoreRounds(int? inAll, int rounds) =>
        inAll is { } n ? $"run {n - rounds} more round{(n - rounds == 1 ? "" : "s")}" : $"more than {Statistics.RoundsNeeded.Cap - rounds} more rounds at this spread";

    private static string Number(double value) => MarkdownText.Number(value, 3);

    private static string Whole(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
