namespace FlashBench.Reporting.Comparison;

public enum MetricDirection
{
    LowerIsBetter,
    HigherIsBetter,
}

/// <summary>How one experiment's CSV is compared: the columns that identify a measurement (<paramref name="Keys"/>),
/// the column numbering its samples (iteration or token), the metric and which way is better.
/// <paramref name="SumPerSample"/>: rows sharing keys and sample id are summed into one sample (tokens.csv has
/// one row per token × layer). <paramref name="ExcludeColumn"/>/<paramref name="ExcludeValue"/>: rows to drop
/// (the latency experiment's cold first tokens). <paramref name="DefaultNoise"/>: the absolute noise floor,
/// in the metric's unit, below which a difference never counts.</summary>
public sealed record ExperimentDescriptor(
    string Experiment,
    string FileName,
    IReadOnlyList<string> Keys,
    string SampleColumn,
    string Metric,
    MetricDirection Direction,
    double DefaultNoise,
    bool SumPerSample = false,
    string? ExcludeColumn = null,
    string? ExcludeValue = null)
{
    public IEnumerable<string> RequiredColumns =>
        Keys.Append(SampleColumn).Append(Metric).Concat(ExcludeColumn is null ? [] : [ExcludeColumn]);
}
