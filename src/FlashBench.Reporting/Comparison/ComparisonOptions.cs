using System.Globalization;

namespace FlashBench.Reporting.Comparison;

/// <summary><paramref name="RelativeThreshold"/>: a difference must exceed this fraction of the medians to count
/// (0.05 = 5 %). <paramref name="Noise"/>: absolute floor in each metric's unit; null uses each experiment's
/// default (<see cref="ExperimentDescriptor.DefaultNoise"/>). <paramref name="Alpha"/>: significance level.</summary>
public sealed record ComparisonOptions(double RelativeThreshold = 0.05, double? Noise = null, double Alpha = 0.05)
{
    /// <summary>"5%" → 0.05; "0.05" → 0.05. Null for anything else (not a fraction in (0, 1)).</summary>
    public static double? ParseRelative(string text)
    {
        string s = text.Trim();
        bool percent = s.EndsWith('%');
        if (!double.TryParse(percent ? s[..^1] : s, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            return null;
        double fraction = percent ? value / 100 : value;
        return fraction is > 0 and < 1 ? fraction : null;
    }
}
