using System.Globalization;
using FlashBench.Core.Results;

namespace FlashBench.Reporting.Comparison;

/// <summary>Reads one experiment's samples from one side of a comparison: every run directory of that side
/// (its rounds) pooled, one list of metric values per measurement (the key columns' values).</summary>
public static class SampleReader
{
    /// <summary>Samples per measurement, or null when no directory of this side has the experiment's file.</summary>
    public static Dictionary<string, List<double>>? Read(ExperimentDescriptor descriptor, IReadOnlyList<string> runDirectories)
    {
        var files = runDirectories.Select(d => Path.Combine(d, descriptor.FileName)).Where(File.Exists).ToList();
        if (files.Count == 0)
            return null;
        // Sample ids are qualified by file (round) so that summing per token never merges two rounds' tokens.
        var perSample = new Dictionary<(string Key, int Round, string Sample), double>();
        var order = new List<(string Key, int Round, string Sample)>();
        for (int round = 0; round < files.Count; round++)
        {
            foreach (var (key, sample, value) in ReadFile(descriptor, files[round]))
            {
                var id = (key, round, descriptor.SumPerSample ? sample : $"{sample}#{order.Count}");
                if (perSample.TryGetValue(id, out double sum))
                {
                    perSample[id] = sum + value;
                }
                else
                {
                    perSample[id] = value;
                    order.Add(id);
                }
            }
        }
        var result = new Dictionary<string, List<double>>();
        foreach (var id in order)
        {
            if (!result.TryGetValue(id.Key, out var samples))
                result[id.Key] = samples = [];
            samples.Add(perSample[id]);
        }
        return result;
    }

    private static IEnumerable<(string Key, string Sample, double Value)> ReadFile(ExperimentDescriptor descriptor, string path)
    {
        var records = CsvFiles.Read<dynamic>(path).Cast<IDictionary<string, object>>().ToList();
        if (records.Count > 0)
        {
            var missing = descriptor.RequiredColumns.Where(c => !records[0].ContainsKey(c)).ToList();
            if (missing.Count > 0)
                throw new InvalidDataException($"{path} lacks the column(s) {string.Join(", ", missing)} that {descriptor.Experiment} comparisons need");
        }
        for (int row = 0; row < records.Count; row++)
        {
            var record = records[row];
            if (descriptor.ExcludeColumn is { } column && string.Equals(Text(record, column), descriptor.ExcludeValue, StringComparison.OrdinalIgnoreCase))
                continue;
            string raw = Text(record, descriptor.Metric);
            if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
                throw new InvalidDataException($"{path} row {row + 2}: {descriptor.Metric} '{raw}' is not a number");
            string key = string.Join(", ", descriptor.Keys.Select(k => $"{k}={Text(record, k)}"));
            yield return (key, Text(record, descriptor.SampleColumn), value);
        }
    }

    private static string Text(IDictionary<string, object> record, string column) =>
        record.TryGetValue(column, out object? value) ? Convert.ToString(value, CultureInfo.InvariantCulture)?.Trim() ?? "" : "";
}
