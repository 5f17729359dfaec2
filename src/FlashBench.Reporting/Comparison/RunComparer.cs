using MathNet.Numerics.Statistics;

namespace FlashBench.Reporting.Comparison;

/// <summary>Compares two runs (or two sets of rounds, pooled per side) experiment by experiment, measurement by
/// measurement, using <see cref="ExperimentDescriptors"/>. Whatever matches is compared; the rest is listed.</summary>
public static class RunComparer
{
    public static RunComparison Compare(IReadOnlyList<string> baseRuns, IReadOnlyList<string> diffRuns, ComparisonOptions options) =>
        Compare(baseRuns, diffRuns, options, ExperimentDescriptors.All);

    public static RunComparison Compare(IReadOnlyList<string> baseRuns, IReadOnlyList<string> diffRuns, ComparisonOptions options,
        IReadOnlyList<ExperimentDescriptor> descriptors)
    {
        if (baseRuns.Count == 0 || diffRuns.Count == 0)
            throw new ArgumentException("each side needs at least one run directory");
        foreach (string directory in baseRuns.Concat(diffRuns))
        {
            if (!Directory.Exists(directory))
                throw new DirectoryNotFoundException($"run directory not found: {directory}");
        }
        var measurements = new List<MeasurementComparison>();
        var unmatched = new List<Unmatched>();
        foreach (var descriptor in descriptors)
        {
            var baseSamples = SampleReader.Read(descriptor, baseRuns);
            var diffSamples = SampleReader.Read(descriptor, diffRuns);
            if (baseSamples is null && diffSamples is null)
                continue;
            if (baseSamples is null || diffSamples is null)
            {
                unmatched.Add(new Unmatched(descriptor.Experiment, descriptor.FileName, $"not compared: only in {(baseSamples is null ? "diff" : "base")}"));
                continue;
            }
            foreach (var (key, baseValues) in baseSamples)
            {
                if (diffSamples.TryGetValue(key, out var diffValues))
                    measurements.Add(CompareOne(descriptor, key, baseValues, diffValues, options));
                else
                    unmatched.Add(new Unmatched(descriptor.Experiment, key, "only in base"));
            }
            foreach (string key in diffSamples.Keys.Where(k => !baseSamples.ContainsKey(k)))
                unmatched.Add(new Unmatched(descriptor.Experiment, key, "only in diff"));
        }
        return new RunComparison(baseRuns, diffRuns, options, measurements, unmatched);
    }

    private static MeasurementComparison CompareOne(ExperimentDescriptor descriptor, string key, List<double> baseValues, List<double> diffValues, ComparisonOptions options)
    {
        var (verdict, pWorse, pBetter) = SampleComparer.Compare(baseValues, diffValues, descriptor.Direction,
            options.RelativeThreshold, options.Noise ?? descriptor.DefaultNoise, options.Alpha);
        return new MeasurementComparison(descriptor.Experiment, key, descriptor.Metric, descriptor.Direction,
            baseValues.Count, diffValues.Count, baseValues.Median(), diffValues.Median(), verdict, pWorse, pBetter);
    }
}
