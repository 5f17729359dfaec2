namespace FlashBench.Core.DeviceWatch;

/// <summary>The steady-state rule of the SNIA Solid State Storage Performance Test Specification (PTS), over the last
/// <see cref="Window"/> probes: every probe within ±<see cref="Band"/> of the window's mean, and the least-squares line
/// across the window moving by at most <see cref="SlopeExcursion"/> of the mean from its first probe to its last
/// (fio's `steadystate` options are a relative of it). Pure, so the rule is tested apart from any device.</summary>
public sealed record SteadyStateRule(int Window = 5, double Band = 0.20, double SlopeExcursion = 0.10)
{
    public static SteadyStateRule Snia { get; } = new();

    /// <summary>Whether the last <see cref="Window"/> of <paramref name="values"/> are steady; false with fewer.</summary>
    public bool IsSteady(IReadOnlyList<double> values) => Judge(values).Steady;

    public SteadyStateJudgement Judge(IReadOnlyList<double> values)
    {
        if (values.Count < Window)
            return new SteadyStateJudgement(false, double.NaN, double.NaN, double.NaN);
        var window = values.Skip(values.Count - Window).ToArray();
        double mean = window.Average();
        if (!(mean > 0))
            return new SteadyStateJudgement(false, mean, double.NaN, double.NaN);
        double widest = window.Max(v => Math.Abs(v - mean)) / mean;
        double excursion = Math.Abs(Slope(window)) * (Window - 1) / mean;
        return new SteadyStateJudgement(widest <= Band && excursion <= SlopeExcursion, mean, widest, excursion);
    }

    /// <summary>Least-squares slope of <paramref name="y"/> against 0, 1, 2, ….</summary>
    private static double Slope(double[] y)
    {
        double xMean = (y.Length - 1) / 2.0, yMean = y.Average(), numerator = 0, denominator = 0;
        for (int i = 0; i < y.Length; i++)
        {
            numerator += (i - xMean) * (y[i] - yMean);
            denominator += (i - xMean) * (i - xMean);
        }
        return numerator / denominator;
    }
}

/// <summary>What the rule saw: the window's mean, the widest probe's distance from it and the fitted line's excursion
/// across the window, both as fractions of the mean.</summary>
public readonly record struct SteadyStateJudgement(bool Steady, double Mean, double WidestFromMean, double SlopeExcursion);
