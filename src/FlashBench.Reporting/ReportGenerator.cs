using System.Text;
using FlashBench.Core.Results;
using FlashBench.Reporting.Device;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting;

/// <summary>Builds every experiment's charts for a run and writes results/&lt;run-id&gt;/REPORT.md: the device verdict and
/// timeline, the machine, then one section per report with data (in the experiments' order; a report shared by several
/// experiments once), then the experiments skipped for lack of data. Charts are linked by paths relative to the results folder.
/// A folder that is not a run (no run.json and no experiment's result file) is refused before anything is written.</summary>
public static class ReportGenerator
{
    public const string FileName = "REPORT.md";

    public static ReportResult Generate(RunDirectory run, IReadOnlyList<ExperimentReports> experiments)
    {
        if (!Directory.Exists(run.ResultsPath))
            throw new DirectoryNotFoundException($"run directory not found: {run.ResultsPath}");
        if (!File.Exists(run.Result(RunInfo.FileName)) && !experiments.Any(e => File.Exists(run.Result(e.CsvFileName))))
            throw new InvalidDataException($"{run.ResultsPath} is not a FlashBench run: it has no {RunInfo.FileName} and no result file ({string.Join(", ", experiments.Select(e => e.CsvFileName).Distinct())})");
        var sections = new List<ReportSection>();
        var skipped = new List<string>();
        var built = new HashSet<Type>();
        foreach (var experiment in experiments)
        {
            var withData = experiment.Reports.Where(r => r.HasData(run)).ToList();
            if (withData.Count == 0)
                skipped.Add(experiment.Experiment);
            foreach (var report in withData.Where(r => built.Add(r.GetType())))
                sections.Add(report.Build(run));
        }

        var device = DeviceSummary.Build(run);
        string machine = MachineSummary.Table(run);
        var md = new StringBuilder();
        md.Append($"# FlashBench report — {run.RunId}\n\n")
          .Append(device.Markdown)
          .Append("Reproduces measurements of ").Append(Paper.PaperSource.Citation).Append(" on this machine's own storage.\n\n")
          .Append("## Machine\n\n").Append(machine).Append('\n');
        foreach (var section in sections)
        {
            md.Append($"## {section.Title}\n\n");
            if (section.Warm)
                md.Append(MarkdownText.Red(section.WarmDetail is null ? MarkdownText.WarmWarning : $"{MarkdownText.WarmWarning} {section.WarmDetail}")).Append("\n\n");
            md.Append(section.Markdown.TrimEnd()).Append("\n\n");
        }
        if (skipped.Count > 0)
        {
            md.Append("## Skipped\n\n");
            foreach (string experiment in skipped)
                md.Append($"- {experiment}: skipped (no data)\n");
        }
        string path = run.Result(FileName);
        AtomicFile.WriteAllText(path, md.ToString());

        var tables = new Dictionary<string, string> { ["machine"] = machine };
        foreach (var section in sections)
            foreach (var (name, table) in section.Tables ?? new Dictionary<string, string>())
                tables[name] = table;
        return new ReportResult(path, device.ChartFiles.Concat(sections.SelectMany(s => s.ChartFiles)).ToList(),
            skipped.Select(e => $"{e}: skipped (no data)").ToList(), tables, device.Verdict);
    }
}

/// <summary><paramref name="Tables"/>: every named Markdown table the run produced (see <see cref="ReportSection.Tables"/>),
/// plus "machine"; `report --readme` splices them into README.md. <paramref name="Verdict"/>: the device verdict REPORT.md
/// opens with (<see cref="DeviceVerdict"/>), one line for the console's end.</summary>
public sealed record ReportResult(string MarkdownPath, IReadOnlyList<string> ChartFiles, IReadOnlyList<string> Notes,
    IReadOnlyDictionary<string, string>? Tables = null, string Verdict = DeviceVerdict.NotWatched);
