using System.Globalization;
using System.Linq.Expressions;

namespace FlashBench.Reporting.Comparison;

public static class ComparisonDescriptor
{
    /// <summary>Starts a descriptor for the rows of <paramref name="fileName"/> (one row type, read through
    /// Core's CsvFiles): e.g. <c>ComparisonDescriptor.For&lt;ThroughputRow&gt;("throughput", ThroughputRow.FileName)
    /// .Keys(r => r.Method, r => r.ChunkBytes, r => r.Threads).Replicate(r => r.Pass).Samples(r => r.Iteration)
    /// .Metric(r => r.ThroughputMBps, MetricDirection.HigherIsBetter).Reference(r => r.ReferenceMBps)
    /// .ExcludeWhen(r => r.Excluded != "").Family(r => "throughput " + r.Method).Build()</c>.</summary>
    public static ComparisonDescriptorBuilder<TRow> For<TRow>(string experiment, string fileName) => new(experiment, fileName);
}

/// <summary>Builds a <see cref="ComparisonDescriptor{TRow}"/>. Columns are given as property selectors; their
/// names come from the row type's [Name] attributes. Keys and Metric are required; the rest is optional.</summary>
public sealed class ComparisonDescriptorBuilder<TRow>(string experiment, string fileName)
{
    private readonly List<RowColumn<TRow, object?>> _keys = [];
    private readonly List<RowColumn<TRow, object?>> _samples = [];
    private RowColumn<TRow, int>? _replicate;
    private RowColumn<TRow, double>? _metric;
    private MetricDirection _direction;
    private MetricKind _kind = MetricKind.DeviceBound;
    private double _tolerance;
    private RowColumn<TRow, double?>? _reference;
    private Func<TRow, bool> _exclude = _ => false;
    private Func<TRow, string> _family = _ => experiment;
    private bool _sumPerSample;

    /// <summary>The columns that identify a measurement (a point of the experiment's grid).</summary>
    public ComparisonDescriptorBuilder<TRow> Keys(params Expression<Func<TRow, object?>>[] keys)
    {
        _keys.AddRange(keys.Select(RowColumn<TRow, object?>.From));
        return this;
    }

    /// <summary>A key column added after points were named without it: a point names it only where its value is not
    /// <paramref name="omittedAt"/> (the value rows of older files read as), so the points that existed keep their names
    /// and their history, and the new values are points of their own.</summary>
    public ComparisonDescriptorBuilder<TRow> KeyUnless(Expression<Func<TRow, object?>> key, object omittedAt)
    {
        _keys.Add(RowColumn<TRow, object?>.From(key) with { OmittedAt = omittedAt });
        return this;
    }

    /// <summary>The pass column: each pass of a run is a round of its own. Without it, one run is one round.</summary>
    public ComparisonDescriptorBuilder<TRow> Replicate(Expression<Func<TRow, int>> pass)
    {
        _replicate = RowColumn<TRow, int>.From(pass);
        return this;
    }

    /// <summary>The columns numbering a sample inside a round (iteration; iteration and token). Rows that share
    /// them are one sample: an error unless <see cref="SumPerSample"/> says to add them up.</summary>
    public ComparisonDescriptorBuilder<TRow> Samples(params Expression<Func<TRow, object?>>[] sample)
    {
        _samples.AddRange(sample.Select(RowColumn<TRow, object?>.From));
        return this;
    }

    /// <summary>Rows sharing keys, round and sample are summed into one sample (tokens.csv: one row per layer).</summary>
    public ComparisonDescriptorBuilder<TRow> SumPerSample()
    {
        _sumPerSample = true;
        return this;
    }

    public ComparisonDescriptorBuilder<TRow> Metric(Expression<Func<TRow, double>> metric, MetricDirection direction, MetricKind kind = MetricKind.DeviceBound)
    {
        _metric = RowColumn<TRow, double>.From(metric);
        _direction = direction;
        _kind = kind;
        return this;
    }

    /// <summary>A count compared round by round: worse by more than <paramref name="tolerance"/> (metric units) in
    /// every round is a regression of the family, whatever the timings say.</summary>
    public ComparisonDescriptorBuilder<TRow> CountedMetric(Expression<Func<TRow, double>> metric, MetricDirection direction, double tolerance)
    {
        Metric(metric, direction, MetricKind.Counted);
        _tolerance = tolerance;
        return this;
    }

    /// <summary>A device reference measured beside each sample, in the metric's unit and direction (fio's MB/s
    /// beside FlashBench's MB/s). The comparer divides its round-to-round change out.</summary>
    public ComparisonDescriptorBuilder<TRow> Reference(Expression<Func<TRow, double?>> reference)
    {
        _reference = RowColumn<TRow, double?>.From(reference);
        return this;
    }

    /// <summary>Rows that are not figures of the metric (warm page cache, a fallback): left out of every median. Rows
    /// measured on a degraded device (a device_state column) are left out besides, without being named here.</summary>
    public ComparisonDescriptorBuilder<TRow> ExcludeWhen(Func<TRow, bool> exclude)
    {
        _exclude = exclude;
        return this;
    }

    /// <summary>The gate a row's measurement counts towards (default: the experiment's name).</summary>
    public ComparisonDescriptorBuilder<TRow> Family(Func<TRow, string> family)
    {
        _family = family;
        return this;
    }

    public ComparisonDescriptor<TRow> Build()
    {
        if (_keys.Count == 0)
            throw new InvalidOperationException($"{experiment}: a comparison descriptor needs key columns");
        var metric = _metric ?? throw new InvalidOperationException($"{experiment}: a comparison descriptor needs a metric");
        if (_kind == MetricKind.Counted && _reference is not null)
            throw new InvalidOperationException($"{experiment}: a counted metric takes no device reference");
        var exclude = _exclude;
        var degraded = DeviceStateColumn.Degraded<TRow>();
        return new ComparisonDescriptor<TRow>(experiment, fileName, _keys, _replicate, _samples, metric, _direction, _kind, _tolerance,
            _reference, degraded is null ? exclude : row => exclude(row) || degraded(row), _family, _sumPerSample);
    }

    internal static string Format(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
