using System.Globalization;

namespace FlashBench.Reporting.Comparison;

/// <summary><paramref name="MinEffect"/>: a family regresses only when its geometric-mean slowdown is at least this
/// (0.05 = 5 %). <paramref name="PointMinEffect"/>: the same for a point of the report. <paramref name="Confidence"/>:
/// of the family bounds and the point bounds, and 1 − it is the false-discovery rate of the point report.
/// <paramref name="UnreferencedConfidence"/>: used instead for device-bound measurements without a device
/// reference, whose round-to-round drift nothing cancels (σ ≈ 0.11–0.23 in log terms on this disk, issue 10).
/// <paramref name="AllowDifferent"/>: compare runs whose run.json facts differ (the report says so at the top).
/// <paramref name="OtherGates"/>: gates decided outside the rounds (lockstep benchmarks), which share the confidence.</summary>
public sealed record ComparisonOptions(
    double MinEffect = 0.05, double PointMinEffect = 0.10, double Confidence = 0.95, double UnreferencedConfidence = 0.99, bool AllowDifferent = false,
    int OtherGates = 0)
{
    /// <summary>The confidence that applies to a measurement: widened for device-bound ones without reference.</summary>
    public double ConfidenceFor(MetricKind kind, bool referenced) =>
        kind == MetricKind.DeviceBound && !referenced ? UnreferencedConfidence : Confidence;

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
