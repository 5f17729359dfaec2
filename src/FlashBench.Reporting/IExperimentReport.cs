using FlashBench.Core.Results;

namespace FlashBench.Reporting;

/// <summary>Turns one experiment's CSV in a run directory into charts (PNG + SVG in the run's plots folder) and a
/// REPORT.md section. Instances come from the experiment definitions (bench/Hosting/ExperimentCatalog), which also
/// give their order and the experiment's name.</summary>
public interface IExperimentReport
{
    /// <summary>False when the run has no data for this section (the report then notes the experiment as skipped).</summary>
    bool HasData(RunDirectory run);

    ReportSection Build(RunDirectory run);
}

/// <summary>An experiment's result file and report sections, as REPORT.md takes them, in the experiments' order.</summary>
public sealed record ExperimentReports(string Experiment, string CsvFileName, IReadOnlyList<IExperimentReport> Reports);

/// <summary>One section of REPORT.md. <paramref name="Markdown"/> links charts relative to the results folder.
/// <paramref name="Warm"/> is true when any input measurement was taken with the page cache warm; the report then shows the
/// one warm-cache warning above the section, followed by <paramref name="WarmDetail"/> when the section says more.
/// <paramref name="Tables"/> are named Markdown tables that `report --readme` splices into README.md between
/// &lt;!-- flashbench:begin NAME --&gt; and &lt;!-- flashbench:end NAME --&gt; (names: lower-case, e.g. "throughput").</summary>
public sealed record ReportSection(string Title, string Markdown, IReadOnlyList<string> ChartFiles, bool Warm = false,
    IReadOnlyDictionary<string, string>? Tables = null, string? WarmDetail = null);
