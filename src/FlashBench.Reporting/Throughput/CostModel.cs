using FlashBench.Core.Results;
using MathNet.Numerics;

namespace FlashBench.Reporting.Throughput;

/// <summary>Fits a read's cost as a fixed part plus a size-proportional part (t = t0 + bytes/B), the
/// model behind the paper's advice to read larger chunks (§2.2): t0 dominates small reads.</summary>
public static class CostModel
{
    /// <summary>One fit per method × thread count with at least two chunk sizes; each cold iteration is a point.</summary>
    public static IReadOnlyList<CostModelRow> Fit(IEnumerable<ThroughputRow> rows) =>
        rows.Where(r => !ThroughputGroup.IsWarm(r) && r.MeanMicros > 0)
            .GroupBy(r => (r.Method, r.Threads))
            .Where(g => g.Select(r => r.ChunkBytes).Distinct().Count() >= 2)
            .OrderBy(g => ThroughputGroup.MethodOrder(g.Key.Method)).ThenBy(g => g.Key.Threads)
            .Select(g => FitOne(g.Key.Method, g.Key.Threads, g.ToList()))
            .ToList();

    private static CostModelRow FitOne(string method, int threads, List<ThroughputRow> rows)
    {
        double[] bytes = rows.Select(r => (double)r.ChunkBytes).ToArray();
        double[] micros = rows.Select(r => r.MeanMicros).ToArray();
        var (intercept, slope) = MathNet.Numerics.Fit.Line(bytes, micros);
        double[] predicted = bytes.Select(b => intercept + slope * b).ToArray();
        return new CostModelRow
        {
            Method = method,
            Threads = threads,
            Points = rows.Count,
            ChunkSizes = rows.Select(r => r.ChunkBytes).Distinct().Count(),
            FixedCostMicros = intercept,
            // slope is µs per byte; 1 byte/µs = 10^6 B/s = 1 decimal MB/s. A flat or falling line has no bandwidth term.
            BandwidthMBps = slope > 0 ? 1.0 / slope : double.NaN,
            RSquared = GoodnessOfFit.RSquared(predicted, micros),
        };
    }
}
