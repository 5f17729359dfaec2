using FlashBench.Core.Results;

namespace FlashBench.Reporting;

/// <summary>Turns one experiment's CSV in a run directory into charts (PNG + SVG in the run's plots
/// folder) and a REPORT.md section. Implementations are found by reflection in this assembly, so an
/// experiment adds one class and touches no shared list.</summary>
public interface IExperimentReport
{
    /// <summary>The experiment name, also the CSV's base name (throughput → throughput.csv).</summary>
    string Experiment { get; }

    /// <summary>Position of the section in REPORT.md.</summary>
    int Order { get; }

    /// <summary>False when the run has no data for this experiment (the report then notes it as skipped).</summary>
    bool HasData(RunDirectory run);

    ReportSection Build(RunDirectory run);
}

/// <summary>One section of REPORT.md. <paramref name="Markdown"/> links charts relative to the results folder.
/// <paramref name="Warm"/> is true when any input measurement was taken with the page cache warm.
/// <paramref name="Tables"/> are named Markdown tables that `report --readme` splices into README.md between
/// &lt;!-- flashbench:begin NAME --&gt; and &lt;!-- flashbench:end NAME --&gt; (names: lower-case, e.g. "throughput").</summary>
public sealed record ReportSection(string Title, string Markdown, IReadOnlyList<string> ChartFiles, bool Warm = false,
    IReadOnlyDictionary<string, string>? Tables = null);
