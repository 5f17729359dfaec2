using FlashBench.Core.Results;
using MathNet.Numerics.Statistics;

namespace FlashBench.Reporting.Comparison;

/// <summary>A comparison descriptor over the rows of one CSV file, typed (see <see cref="ComparisonDescriptor.For{TRow}"/>).</summary>
public sealed class ComparisonDescriptor<TRow> : IComparisonDescriptor
{
    private readonly IReadOnlyList<RowColumn<TRow, object?>> _keys;
    private readonly RowColumn<TRow, int>? _replicate;
    private readonly IReadOnlyList<RowColumn<TRow, object?>> _samples;
    private readonly RowColumn<TRow, double> _metric;
    private readonly RowColumn<TRow, double?>? _reference;
    private readonly Func<TRow, bool> _exclude;
    private readonly Func<TRow, string> _family;
    private readonly bool _sumPerSample;
    private readonly double _tolerance;

    internal ComparisonDescriptor(string experiment, string fileName, IReadOnlyList<RowColumn<TRow, object?>> keys, RowColumn<TRow, int>? replicate,
        IReadOnlyList<RowColumn<TRow, object?>> samples, RowColumn<TRow, double> metric, MetricDirection direction, MetricKind kind, double tolerance,
        RowColumn<TRow, double?>? reference, Func<TRow, bool> exclude, Func<TRow, string> family, bool sumPerSample)
    {
        Experiment = experiment;
        FileName = fileName;
        Direction = direction;
        Kind = kind;
        _keys = keys;
        _replicate = replicate;
        _samples = samples;
        _metric = metric;
        _tolerance = tolerance;
        _reference = reference;
        _exclude = exclude;
        _family = family;
        _sumPerSample = sumPerSample;
    }

    public string Experiment { get; }

    public string FileName { get; }

    public string Metric => _metric.Name;

    public MetricDirection Direction { get; }

    public MetricKind Kind { get; }

    public string? ReferenceColumn => _reference?.Name;

    public IReadOnlyList<string> KeyColumns => _keys.Select(k => k.Name).ToList();

    public IReadOnlyList<MeasurementRounds>? ReadRun(string runDirectory, int run)
    {
        string path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
            return null;
        var rows = CsvFiles.Read<TRow>(path);
        if (rows.Count == 0)
            throw new InvalidDataException($"{path} has no rows (a truncated or empty result file)");
        return Rounds(rows, run, path);
    }

    /// <summary>Per point, per pass: the median over samples (a sample = the rows sharing the sample columns,
    /// summed when the descriptor says so). Excluded rows still make the point present in that round. Every point
    /// gets a round for every pass of the file (an empty one where it has no rows), so that round i is the same pass
    /// for all points: the family gate averages the points round by round.</summary>
    public IReadOnlyList<MeasurementRounds> Rounds(IEnumerable<TRow> rows, int run, string source)
    {
        var points = new Dictionary<string, Point>();
        var order = new List<string>();
        foreach (var row in rows)
        {
            string key = PointText(row);
            if (!points.TryGetValue(key, out var point))
            {
                points[key] = point = new Point(_family(row));
                order.Add(key);
            }
            int pass = _replicate?.Get(row) ?? 0;
            if (!point.Passes.TryGetValue(pass, out var samples))
                point.Passes[pass] = samples = [];
            if (_exclude(row))
                continue;
            string sample = string.Join("/", _samples.Select(s => ComparisonDescriptorBuilder<TRow>.Format(s.Get(row))));
            double value = _metric.Get(row);
            if (!double.IsFinite(value))
                throw new InvalidDataException($"{source}: {key} {Metric} is not a finite number");
            double? reference = _reference?.Get(row);
            if (samples.TryGetValue(sample, out var earlier))
            {
                if (!_sumPerSample)
                    throw new InvalidDataException($"{source}: {key} has two rows for pass {pass}, sample {sample}");
                samples[sample] = (earlier.Value + value, earlier.Reference + reference);
            }
            else
            {
                samples[sample] = (value, reference);
            }
        }
        var passes = points.Values.SelectMany(p => p.Passes.Keys).Distinct().Order().ToList();
        return order.Select(key => new MeasurementRounds(
            new Measurement(Experiment, points[key].Family, key, Metric, Direction, Kind, _tolerance),
            passes.Select(pass => Median(run, pass, points[key].Passes.TryGetValue(pass, out var samples) ? samples.Values : [])).ToList())).ToList();
    }

    private string PointText(TRow row) =>
        string.Join(", ", _keys.Select(k => (k, Value: k.Get(row))).Where(k => k.k.OmittedAt is null || !Equals(k.Value, k.k.OmittedAt))
            .Select(k => $"{k.k.Name}={ComparisonDescriptorBuilder<TRow>.Format(k.Value)}"));

    private static RoundMedian Median(int run, int pass, ICollection<(double Value, double? Reference)> samples)
    {
        if (samples.Count == 0)
            return new RoundMedian(run, pass, null, null, 0);
        var references = samples.Where(s => s.Reference is not null).Select(s => s.Reference!.Value).ToList();
        // The reference counts only when it ran beside every sample of the round; a partial one would compare
        // the device at other moments than the samples.
        double? reference = references.Count == samples.Count ? references.Median() : null;
        return new RoundMedian(run, pass, samples.Select(s => s.Value).Median(), reference, samples.Count);
    }

    private sealed class Point(string family)
    {
        public string Family { get; } = family;

        public SortedDictionary<int, Dictionary<string, (double Value, double? Reference)>> Passes { get; } = [];
    }
}
