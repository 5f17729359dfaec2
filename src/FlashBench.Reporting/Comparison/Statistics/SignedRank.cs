namespace FlashBench.Reporting.Comparison.Statistics;

/// <summary>The Wilcoxon signed-rank test and the distribution-free bounds that go with it (Hodges–Lehmann: order
/// statistics of the Walsh averages), for paired per-round differences. Exact at every size, by dynamic
/// programming over the rank sums. Written here because neither Perfolizer 0.6.1 nor Pragmastat 3.2.4 ships a
/// one-sample bound (Pragmastat's later CenterBounds is this same construction); the estimate itself is
/// Pragmastat's Center.</summary>
public static class SignedRank
{
    /// <summary>Two-sided exact p value of "the differences are centred on zero". Ties share their mid-rank;
    /// zeros keep their rank and add nothing (Pratt). All zeros: 1.</summary>
    public static double PValue(IReadOnlyList<double> differences)
    {
        int n = differences.Count;
        if (n == 0)
            return 1;
        // Doubled mid-ranks are whole numbers, which the rank-sum distribution below needs.
        var order = Enumerable.Range(0, n).OrderBy(i => Math.Abs(differences[i])).ToArray();
        var weights = new int[n];
        for (int start = 0; start < n;)
        {
            int end = start;
            while (end + 1 < n && Math.Abs(differences[order[end + 1]]) == Math.Abs(differences[order[start]]))
                end++;
            for (int k = start; k <= end; k++)
                weights[order[k]] = differences[order[k]] == 0 ? 0 : start + end + 2;
            start = end + 1;
        }
        int total = weights.Sum();
        if (total == 0)
            return 1;
        int observed = Enumerable.Range(0, n).Where(i => differences[i] > 0).Sum(i => weights[i]);
        var distribution = RankSumDistribution(weights);
        int distance = Math.Abs(2 * observed - total);
        double p = 0;
        for (int sum = 0; sum < distribution.Length; sum++)
        {
            if (Math.Abs(2 * sum - total) >= distance)
                p += distribution[sum];
        }
        return Math.Min(1, p);
    }

    /// <summary>Bounds on the centre of the differences at <paramref name="confidence"/> (two-sided): the
    /// (k+1)-th smallest and largest Walsh averages, k the largest rank sum with P(W⁺ ≤ k) ≤ (1 − confidence)/2.
    /// Infinite when the sample is too small to reach the confidence at all (2^−n &gt; (1 − confidence)/2).</summary>
    public static (double Lower, double Upper) Bounds(IReadOnlyList<double> differences, double confidence)
    {
        int k = CriticalRankSum(differences.Count, confidence);
        if (k < 0)
            return (double.NegativeInfinity, double.PositiveInfinity);
        var walsh = new List<double>(differences.Count * (differences.Count + 1) / 2);
        for (int i = 0; i < differences.Count; i++)
        {
            for (int j = i; j < differences.Count; j++)
                walsh.Add((differences[i] + differences[j]) / 2);
        }
        walsh.Sort();
        return (walsh[k], walsh[walsh.Count - 1 - k]);
    }

    /// <summary>The largest k with P(W⁺ ≤ k) ≤ (1 − confidence)/2 for n untied ranks; −1 when none.</summary>
    public static int CriticalRankSum(int n, double confidence)
    {
        if (n == 0)
            return -1;
        double tail = (1 - confidence) / 2;
        var distribution = RankSumDistribution(Enumerable.Range(1, n).ToArray());
        double cumulative = 0;
        int k = -1;
        for (int sum = 0; sum < distribution.Length; sum++)
        {
            cumulative += distribution[sum];
            if (cumulative > tail * (1 + 1e-12))
                break;
            k = sum;
        }
        return k;
    }

    /// <summary>The fewest rounds with which the bounds can reach <paramref name="confidence"/> at all.</summary>
    public static int MinimumRounds(double confidence)
    {
        int n = 1;
        while (CriticalRankSum(n, confidence) < 0)
            n++;
        return n;
    }

    /// <summary>P(W⁺ = s) when each weight enters the sum with probability ½ independently.</summary>
    private static double[] RankSumDistribution(IReadOnlyList<int> weights)
    {
        var distribution = new double[weights.Sum() + 1];
        distribution[0] = 1;
        int reach = 0;
        foreach (int weight in weights)
        {
            reach += weight;
            for (int sum = reach; sum >= 0; sum--)
                distribution[sum] = 0.5 * (distribution[sum] + (sum >= weight ? distribution[sum - weight] : 0));
        }
        return distribution;
    }
}
