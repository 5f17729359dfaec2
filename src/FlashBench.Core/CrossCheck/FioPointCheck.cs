using FlashBench.Core.Results;
using MathNet.Numerics.Statistics;

namespace FlashBench.Core.CrossCheck;

/// <summary>The verdict at one point of the fio cross-check, from its rounds (rows of fio.csv). FlashBench ÷ fio
/// (the median of the per-round ratios) is "ok" when it lies inside the band fio ÷ fio spans over the same rounds —
/// the device's own round-to-round noise — so a 3 % gap counts only where fio itself does not move by 3 %. The two
/// fio runs of a round are interchangeable, so each control ratio counts with its reciprocal: the band is
/// [1/m, m] for the largest m among them (on a drifting device five rounds of control ÷ fio all came out above 1.16,
/// a band that would have excluded fio itself).
/// <see cref="GridMBps"/> (the published median of the grid) is flagged when it lies above the best fio figure of
/// the rounds by more than fio's own range there.</summary>
public sealed record FioPointCheck(
    int ChunkBytes,
    int Threads,
    int Rounds,
    double FioMedianMBps,
    double FlashBenchMedianMBps,
    double Ratio,
    double? BandLow,
    double? BandHigh,
    double BestFioMBps,
    double FioRangeMBps,
    double? GridMBps,
    string Method = "direct",
    int QueueDepth = 1)
{
    /// <summary>The grid line checked (<see cref="ThroughputRow.SeriesName"/>).</summary>
    public string Series => ThroughputRow.SeriesName(Method, QueueDepth);

    public bool HasControl => BandLow is not null && BandHigh is not null;

    /// <summary>FlashBench ÷ fio inside the fio ÷ fio band.</summary>
    public bool Ok => HasControl && Ratio >= BandLow!.Value && Ratio <= BandHigh!.Value;

    public bool GridAboveFio => GridMBps is double grid && grid > BestFioMBps + FioRangeMBps;

    public string Verdict => !HasControl ? "no fio ÷ fio control"
        : Ok ? "ok"
        : Ratio < BandLow ? "below fio's band"
        : "above fio's band";

    /// <summary>One check per (chunk, threads) in <paramref name="rows"/>; <paramref name="gridFigure"/> gives the
    /// published grid median at a point (null when the grid has none).</summary>
    public static IReadOnlyList<FioPointCheck> From(IEnumerable<FioRow> rows, Func<int, int, double?>? gridFigure = null) =>
        From(rows, gridFigure is null ? null : (_, chunk, threads) => gridFigure(chunk, threads));

    /// <summary>One check per (method, depth, chunk, threads); <paramref name="gridFigure"/> gets the grid line
    /// (<see cref="FioRow.Series"/>), chunk and threads.</summary>
    public static IReadOnlyList<FioPointCheck> From(IEnumerable<FioRow> rows, Func<string, int, int, double?>? gridFigure) =>
        rows.GroupBy(r => (r.Method, r.QueueDepth, r.ChunkBytes, r.Threads))
            .Select(point => Of(point.Key.ChunkBytes, point.Key.Threads, point.ToList(),
                gridFigure?.Invoke(ThroughputRow.SeriesName(point.Key.Method, point.Key.QueueDepth), point.Key.ChunkBytes, point.Key.Threads))
                with { Method = point.Key.Method, QueueDepth = point.Key.QueueDepth })
            .OrderBy(c => c.Method == "direct" ? 0 : 1).ThenBy(c => c.QueueDepth).ThenBy(c => c.Threads).ThenBy(c => c.ChunkBytes)
            .ToList();

    private static FioPointCheck Of(int chunk, int threads, List<FioRow> rounds, double? grid)
    {
        var fio = rounds.Select(r => r.ThroughputMBps).ToList();
        var allFio = fio.Concat(rounds.Where(r => r.ControlMBps is > 0).Select(r => r.ControlMBps!.Value)).ToList();
        var flashBench = rounds.Where(r => r.FlashBenchDirectMBps is > 0).Select(r => r.FlashBenchDirectMBps!.Value).ToList();
        var ratios = rounds.Where(r => r.FlashBenchDirectMBps is > 0 && r.ThroughputMBps > 0)
            .Select(r => r.FlashBenchDirectMBps!.Value / r.ThroughputMBps).ToList();
        var control = rounds.Where(r => r.ControlMBps is > 0 && r.ThroughputMBps > 0)
            .Select(r => r.ControlMBps!.Value / r.ThroughputMBps).ToList();
        bool band = control.Count >= 2;
        double widest = band ? control.Max(r => Math.Max(r, 1 / r)) : double.NaN;
        return new FioPointCheck(chunk, threads, rounds.Count,
            fio.Median(),
            flashBench.Count > 0 ? flashBench.Median() : double.NaN,
            ratios.Count > 0 ? ratios.Median() : double.NaN,
            band ? 1 / widest : null,
            band ? widest : null,
            allFio.Max(),
            allFio.Max() - allFio.Min(),
            grid);
    }
}
