namespace FlashBench.Reporting.Comparison.Statistics;

/// <summary>Benjamini–Hochberg: adjusted p values (q values) such that calling every point with q ≤ α different
/// keeps the expected share of false calls among them at most α, however many points a grid has.</summary>
public static class FalseDiscoveryRate
{
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        int m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var q = new double[m];
        double running = 1;
        for (int rank = m; rank >= 1; rank--)
        {
            int index = order[rank - 1];
            running = Math.Min(running, pValues[index] * m / rank);
            q[index] = running;
        }
        return q;
    }
}
