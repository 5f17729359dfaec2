using System.Text;
using FlashBench.Core.Results;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting;

/// <summary>Builds every experiment's charts for a run and writes results/&lt;run-id&gt;/REPORT.md: the machine,
/// then one section per experiment with data (in <see cref="IExperimentReport.Order"/>), then the experiments
/// skipped for lack of data. Charts are linked by paths relative to the results folder.</summary>
public static class ReportGenerator
{
    public const string FileName = "REPORT.md";

    public static ReportResult Generate(RunDirectory run)
    {
        if (!Directory.Exists(run.ResultsPath))
            throw new DirectoryNotFoundException($"run directory not found: {run.ResultsPath}");
        var sections = new List<(IExperimentReport Report, ReportSection Section)>();
        var skipped = new List<string>();
        foreach (var report in Discover())
        {
            if (report.HasData(run))
                sections.Add((report, report.Build(run)));
            else
                skipped.Add(report.Experiment);
        }

        string machine = MachineSummary.Table(run);
        var md = new StringBuilder();
        md.Append($"# FlashBench report — {run.RunId}\n\n")
          .Append("Reproduces measurements of ").Append(Paper.PaperSource.Citation).Append(" on this machine's own storage.\n\n")
          .Append("## Machine\n\n").Append(machine).Append('\n');
        foreach (var (report, section) in sections)
        {
            md.Append($"## {section.Title}\n\n");
            if (section.Warm && !section.Markdown.Contains("color:red", StringComparison.Ordinal))
                md.Append(MarkdownText.Red(MarkdownText.WarmWarning)).Append("\n\n");
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
        foreach (var (_, section) in sections)
            foreach (var (name, table) in section.Tables ?? new Dictionary<string, string>())
                tables[name] = table;
        return new ReportResult(path, sections.SelectMany(s => s.Section.ChartFiles).ToList(),
            skipped.Select(e => $"{e}: skipped (no data)").ToList(), tables);
    }

    public static IReadOnlyList<IExperimentReport> Discover() =>
        typeof(ReportGenerator).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IExperimentReport).IsAssignableFrom(t))
            .Select(t => (IExperimentReport)Activator.CreateInstance(t)!)
            .OrderBy(r => r.Order)
            .ToList();
}

/// <summary><paramref name="Tables"/>: every named Markdown table the run produced (see <see cref="ReportSection.Tables"/>),
/// plus "machine"; `report --readme` splices them into README.md.</summary>
public sealed record ReportResult(string MarkdownPath, IReadOnlyList<string> ChartFiles, IReadOnlyList<string> Notes,
    IReadOnlyDictionary<string, string>? Tables = null);
