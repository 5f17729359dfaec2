using MathNet.Numerics.Statistics;

namespace FlashBench.Reporting.Comparison.Statistics;

/// <summary>The spread of a family's per-round means, never below what its own points allow. Over points p and rounds
/// r, x[p, r] = μ + round_r + point_p + e[p, r]; a round's family mean averages P points, so its variance is
/// σ²_round + σ²_e / P ≥ σ²_e / P. With 3 rounds the sample SD of the round means is itself very uncertain: three
/// means that happen to agree closely would give a bound far tighter than the points' noise (a commit compared with
/// itself was flagged at ×1.09 [1.08–1.10] on the reference VM while single points moved ±20 % between rounds). So the
/// SD used is max(SD of the round means, √(s²_e / P)), s²_e the two-way residual variance of the points present in
/// every round ((P−1)(R−1) degrees of freedom; point-to-point differences in the effect itself are removed first, so a
/// real regression that hits some points harder does not widen the floor).</summary>
public static class RoundMeanSpread
{
    /// <summary><paramref name="points"/>: per point, its log slowdown per round (round → value).</summary>
    public static double Of(IReadOnlyList<double> roundMeans, IReadOnlyList<IReadOnlyDictionary<int, double>> points)
    {
        double between = roundMeans.Count >= 2 ? roundMeans.StandardDeviation() : double.NaN;
        return Math.Max(between, Floor(points));
    }

    /// <summary>√(s²_e / P) over the points present in every round; 0 when fewer than 2 points or 2 rounds.</summary>
    public static double Floor(IReadOnlyList<IReadOnlyDictionary<int, double>> points)
    {
        var rounds = points.SelectMany(p => p.Keys).Distinct().Order().ToList();
        var complete = points.Where(p => rounds.All(p.ContainsKey)).ToList();
        int p = complete.Count, r = rounds.Count;
        if (p < 2 || r < 2)
            return 0;
        double grand = complete.Average(point => point.Values.Average());
        var pointMeans = complete.Select(point => point.Values.Average()).ToList();
        var roundMeans = rounds.Select(round => complete.Average(point => point[round])).ToList();
        double sum = 0;
        for (int i = 0; i < p; i++)
        {
            for (int j = 0; j < r; j++)
            {
                double residual = complete[i][rounds[j]] - pointMeans[i] - roundMeans[j] + grand;
                sum += residual * residual;
            }
        }
        double residualVariance = sum / ((p - 1) * (r - 1));
        return Math.Sqrt(residualVariance / p);
    }
}
