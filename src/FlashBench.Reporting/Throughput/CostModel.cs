using FlashBench.Core.Results;
using FlashBench.Core.Throughput.Summaries;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearRegression;

namespace FlashBench.Reporting.Throughput;

/// <summary>Fits a read's cost as a fixed part plus a size-proportional part (t = t0 + bytes/B), the model behind the
/// paper's advice to read larger chunks (§2.2): t0 dominates small reads. Fitted on one reader thread only (with more,
/// reads queue behind each other and the mean latency is no longer a read's own cost), one point per pass and chunk
/// size (the pass median of the mean latency), weighted by 1/t² because latencies spanning two decades carry errors
/// proportional to their size; 95 % intervals from the weighted residuals (Student's t, n − 2 degrees of freedom).
/// A fit with weighted R² below <see cref="MinRSquared"/> or a negative t0 is reported as such, not as a result.</summary>
public static class CostModel
{
    public const double MinRSquared = 0.9;
    public const string Ok = "ok";
    public const string PoorFit = "R² < 0.9";
    public const string NegativeFixedCost = "negative t0";
    public const string TooFewPoints = "too few points";

    private const double Confidence = 0.95;

    /// <summary>One fit per method with single-thread flash rows at two or more chunk sizes.</summary>
    public static IReadOnlyList<CostModelRow> Fit(IEnumerable<ThroughputRow> rows) =>
        PointSummaries.Of(rows.Where(r => r.Threads == 1 && r.MeanMicros > 0), r => r.MeanMicros)
            .GroupBy(p => p.Method)
            .Where(m => m.Select(p => p.ChunkBytes).Distinct().Count() >= 2)
            .OrderBy(m => ThroughputGroup.MethodOrder(m.Key))
            .Select(m => FitOne(m.Key, m.SelectMany(p => p.Passes.Select(pass => ((double)p.ChunkBytes, pass.Value))).ToList()))
            .ToList();

    private static CostModelRow FitOne(string method, List<(double Bytes, double Micros)> points)
    {
        int n = points.Count;
        var row = new CostModelRow
        {
            Method = method,
            Threads = 1,
            Points = n,
            ChunkSizes = points.Select(p => p.Bytes).Distinct().Count(),
        };
        var x = Matrix<double>.Build.DenseOfRowArrays(points.Select(p => new[] { 1.0, p.Bytes }));
        var y = Vector<double>.Build.DenseOfEnumerable(points.Select(p => p.Micros));
        var w = Matrix<double>.Build.DiagonalOfDiagonalArray(points.Select(p => 1 / (p.Micros * p.Micros)).ToArray());
        var beta = WeightedRegression.Weighted(x, y, w);
        double t0 = beta[0], slope = beta[1];
        var residuals = y - x * beta;
        double weightedResidual = residuals.PointwiseMultiply(residuals).DotProduct(w.Diagonal());
        double weightSum = w.Diagonal().Sum();
        double weightedMean = y.DotProduct(w.Diagonal()) / weightSum;
        var centred = y - weightedMean;
        double weightedTotal = centred.PointwiseMultiply(centred).DotProduct(w.Diagonal());
        row.FixedCostMicros = t0;
        // slope is µs per byte; 1 byte/µs = 10^6 B/s = 1 decimal MB/s. A flat or falling line has no bandwidth term.
        row.BandwidthMBps = slope > 0 ? 1 / slope : double.NaN;
        row.RSquared = weightedTotal > 0 ? 1 - weightedResidual / weightedTotal : double.NaN;

        if (n < 3)
        {
            row.FixedCostLowMicros = row.FixedCostHighMicros = row.BandwidthLowMBps = row.BandwidthHighMBps = double.NaN;
            row.Status = TooFewPoints;
            return row;
        }
        var covariance = (x.Transpose() * w * x).Inverse() * (weightedResidual / (n - 2));
        double t = StudentT.InvCDF(0, 1, n - 2, 0.5 + Confidence / 2);
        double t0Half = t * Math.Sqrt(covariance[0, 0]);
        double slopeHalf = t * Math.Sqrt(covariance[1, 1]);
        row.FixedCostLowMicros = t0 - t0Half;
        row.FixedCostHighMicros = t0 + t0Half;
        // B = 1/slope: the slope's upper bound gives B's lower bound; a slope interval reaching zero leaves B unbounded.
        row.BandwidthLowMBps = slope + slopeHalf > 0 ? 1 / (slope + slopeHalf) : double.NaN;
        row.BandwidthHighMBps = slope - slopeHalf > 0 ? 1 / (slope - slopeHalf) : double.PositiveInfinity;
        row.Status = !(row.RSquared >= MinRSquared) ? PoorFit : t0 < 0 ? NegativeFixedCost : Ok;
        return row;
    }
}
