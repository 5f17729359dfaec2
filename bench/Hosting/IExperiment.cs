using System.CommandLine;
using FlashBench.Reporting;
using FlashBench.Reporting.Comparison;

namespace FlashBench.Bench.Hosting;

/// <summary>One experiment of FlashBench, defined once: its name (command, run.json section, CSV), its place in the suite,
/// --help and REPORT.md, its row type and CSV, its BenchmarkDotNet class, its report sections and how the comparer reads
/// it. <see cref="ExperimentHost"/> owns the run lifecycle; the experiment only prepares and measures.</summary>
public interface IExperiment
{
    string Name { get; }

    string Description { get; }

    /// <summary>Position in the default suite, in --help and in REPORT.md.</summary>
    int Order { get; }

    /// <summary>Whether the default suite (no command) runs it; false for experiments too long for the suite's budget.</summary>
    bool InDefaultSuite => true;

    Type RowType { get; }

    string CsvFileName { get; }

    Type BenchmarkType { get; }

    IReadOnlyList<IExperimentReport> Reports { get; }

    /// <summary>How `compare` and `history` read this experiment's results: built from the row type, so the columns are
    /// the rows' own [Name]s.</summary>
    IReadOnlyList<IComparisonDescriptor> Comparisons { get; }

    Command BuildCommand();

    /// <summary>The data files the suite's measurement of this experiment reads (see <see cref="DataFile"/>).</summary>
    IReadOnlyList<DataFile> SuiteDataFiles(RunSettings settings);

    /// <summary>Prepares the profile's defaults and measures into the suite's run.</summary>
    void RunInSuite(ExperimentContext context);
}
