namespace FlashBench.Reporting.Comparison;

/// <summary>How one experiment's result file is compared and recorded in the history; built from the row type
/// with <see cref="ComparisonDescriptor.For{TRow}"/>.</summary>
public interface IComparisonDescriptor
{
    string Experiment { get; }

    string FileName { get; }

    /// <summary>The metric's column name (from the row type's [Name] attribute).</summary>
    string Metric { get; }

    MetricDirection Direction { get; }

    MetricKind Kind { get; }

    /// <summary>Column of the device reference, or null when the experiment measures none.</summary>
    string? ReferenceColumn { get; }

    /// <summary>One run's measurements with one round per pass, or null when the run has no such file.
    /// Throws <see cref="FlashBench.Core.Results.CsvFormatException"/> or <see cref="InvalidDataException"/> for a malformed file.</summary>
    IReadOnlyList<MeasurementRounds>? ReadRun(string runDirectory, int run);
}
