using System.Globalization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace FlashBench.Core.Pairing;

/// <summary>A ratio of two configurations measured as neighbours in time: the median of the paired ratios (side A ÷ side
/// B of the same token, block or pass) with distribution-free bounds, the order statistics that bracket the median with at
/// least the asked confidence (binomial, sign-test style; Conover, Practical Nonparametric Statistics §3.2). With few
/// pairs the achievable confidence is lower than asked: <see cref="Confidence"/> says what the bounds hold, and with
/// fewer than two pairs the bounds are the median itself.</summary>
public sealed record PairedRatio(double Median, double Lower, double Upper, int Pairs, double Confidence)
{
    public const double DefaultConfidence = 0.95;

    /// <summary>The paired ratios <paramref name="numerators"/>[i] ÷ <paramref name="denominators"/>[i]; pairs with a side
    /// that is not a positive finite number are left out. Null when no pair is left.</summary>
    public static PairedRatio? Of(IReadOnlyList<double> numerators, IReadOnlyList<double> denominators, double confidence = DefaultConfidence)
    {
        if (numerators.Count != denominators.Count)
            throw new ArgumentException($"{numerators.Count} numerators but {denominators.Count} denominators: every ratio needs both sides");
        var ratios = new List<double>(numerators.Count);
        for (int i = 0; i < numerators.Count; i++)
        {
            if (double.IsFinite(numerators[i]) && double.IsFinite(denominators[i]) && numerators[i] > 0 && denominators[i] > 0)
                ratios.Add(numerators[i] / denominators[i]);
        }
        return OfRatios(ratios, confidence);
    }

    /// <summary>The median of already-formed paired ratios with its distribution-free bounds; null when empty.</summary>
    public static PairedRatio? OfRatios(IReadOnlyCollection<double> ratios, double confidence = DefaultConfidence)
    {
        if (ratios.Count == 0)
            return null;
        double[] sorted = [.. ratios.Order()];
        int n = sorted.Length;
        double median = sorted.Median();
        if (n < 2)
            return new PairedRatio(median, median, median, n, 0);
        // the largest k with P(Bin(n, ½) < k) ≤ (1 − confidence) / 2 gives [x(k), x(n−k+1)]; k = 1 is the full range
        int k = 1;
        while (k + 1 <= n / 2 && Binomial.CDF(0.5, n, k) <= (1 - confidence) / 2)
            k++;
        double achieved = 1 - 2 * Binomial.CDF(0.5, n, k - 1);
        return new PairedRatio(median, sorted[k - 1], sorted[n - k], n, achieved);
    }

    /// <summary>"1.73× [1.61–1.85]".</summary>
    public string Format(string digits = "0.00") =>
        string.Create(CultureInfo.InvariantCulture, $"{Median.ToString(digits, CultureInfo.InvariantCulture)}× [{Lower.ToString(digits, CultureInfo.InvariantCulture)}–{Upper.ToString(digits, CultureInfo.InvariantCulture)}]");

    /// <summary>The bounds' confidence and pair count, e.g. "94 %, 12 pairs".</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Confidence * 100:0} %, {Pairs} pairs");
}
