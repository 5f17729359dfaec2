using System.Globalization;
using FlashBench.Core;
using FlashBench.Core.CrossCheck;
using FlashBench.Core.Results;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting.Throughput;

/// <summary>The fio cross-check as REPORT.md shows it: per point, fio and FlashBench's direct method measured in the same
/// rounds, FlashBench ÷ fio against the fio ÷ fio band of those rounds (<see cref="FioPointCheck"/>), and the published
/// grid figure (median across passes) beside the best paired fio figure, flagged when it lies above it by more than
/// fio's own range.</summary>
public static class FioCrossCheck
{
    public static IReadOnlyList<FioPointCheck> Compare(IReadOnlyList<ThroughputGroup> groups, IReadOnlyList<FioRow> fio) =>
        FioPointCheck.From(fio, (series, chunk, threads) =>
            groups.FirstOrDefault(g => g.Method == series && !g.Warm && g.ChunkBytes == chunk && g.Threads == threads)?.MedianMBps);

    public static string Table(IReadOnlyList<FioPointCheck> checks)
    {
        // a run with only direct points keeps the table it always had; io_uring points add the method column
        bool methods = checks.Any(c => c.Series != "direct");
        string[] columns = ["chunk", "threads", "rounds", "fio (MB/s)", "FlashBench paired (MB/s)", "FlashBench ÷ fio", "fio ÷ fio band", "",
            "grid median (MB/s)", "best fio ± range (MB/s)", "grid check"];
        var table = methods
            ? new MarkdownTable(["method", .. columns]).AlignRight(2, 3, 4, 5, 6, 9)
            : new MarkdownTable(columns).AlignRight(1, 2, 3, 4, 5, 8);
        foreach (var c in checks)
        {
            string[] method = methods ? [c.Series] : [];
            table.AddRow([.. method, Units.FormatChunk(c.ChunkBytes), c.Threads.ToString(CultureInfo.InvariantCulture), c.Rounds.ToString(CultureInfo.InvariantCulture),
                MarkdownText.Number(c.FioMedianMBps), MarkdownText.Number(c.FlashBenchMedianMBps), MarkdownText.Number(c.Ratio, 3),
                c.HasControl ? $"{MarkdownText.Number(c.BandLow!.Value, 3)}–{MarkdownText.Number(c.BandHigh!.Value, 3)}" : "—",
                c.Ok ? "ok" : MarkdownText.Red(c.Verdict),
                c.GridMBps is double grid ? MarkdownText.Number(grid) : "—",
                $"{MarkdownText.Number(c.BestFioMBps)} ± {MarkdownText.Number(c.FioRangeMBps)}",
                c.GridMBps is null ? "—" : c.GridAboveFio ? MarkdownText.Red("above fio") : "ok"]);
        }
        return table.ToString();
    }

    /// <summary>One line under the table: how many points are inside fio's band and how many grid figures are above fio.</summary>
    public static string Summary(IReadOnlyList<FioPointCheck> checks)
    {
        int withControl = checks.Count(c => c.HasControl);
        int ok = checks.Count(c => c.Ok);
        int above = checks.Count(c => c.GridAboveFio);
        string inside = withControl == 0
            ? "No point has a fio ÷ fio control (rounds without a second fio run), so no point can be judged."
            : string.Create(CultureInfo.InvariantCulture,
                $"FlashBench ÷ fio lies inside the fio ÷ fio band at {ok} of {withControl} points ({ok / (double)withControl:P0}).");
        string grid = above == 0
            ? " No published grid figure lies above the best paired fio figure by more than fio's range."
            : " " + MarkdownText.Red($"{above} published grid figure(s) lie above the best paired fio figure by more than fio's range: a burst or a cache, not the device's steady state.");
        return inside + grid + "\n";
    }
}
