using FlashBench.Core.Results;

namespace FlashBench.Reporting;

/// <summary>Builds every experiment's charts for a run and writes REPORT.md (placeholder until the
/// report issue lands: sections are concatenated in order, missing experiments noted).</summary>
public static class ReportGenerator
{
    public const string FileName = "REPORT.md";

    public static ReportResult Generate(RunDirectory run)
    {
        var sections = new List<ReportSection>();
        var notes = new List<string>();
        foreach (var report in Discover())
        {
            if (report.HasData(run))
                sections.Add(report.Build(run));
            else
                notes.Add($"{report.Experiment}: no data in this run, skipped");
        }
        string markdown = $"# FlashBench report — {run.RunId}\n\n" + string.Join("\n\n", sections.Select(s => $"## {s.Title}\n\n{s.Markdown}"));
        string path = run.Result(FileName);
        AtomicFile.WriteAllText(path, markdown);
        return new ReportResult(path, sections.SelectMany(s => s.ChartFiles).ToList(), notes);
    }

    public static IReadOnlyList<IExperimentReport> Discover() =>
        typeof(ReportGenerator).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IExperimentReport).IsAssignableFrom(t))
            .Select(t => (IExperimentReport)Activator.CreateInstance(t)!)
            .OrderBy(r => r.Order)
            .ToList();
}

public sealed record ReportResult(string MarkdownPath, IReadOnlyList<string> ChartFiles, IReadOnlyList<string> Notes);
