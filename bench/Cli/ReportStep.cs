using FlashBench.Core.Results;
using FlashBench.Reporting;

namespace FlashBench.Bench.Cli;

/// <summary>Charts and REPORT.md for a run directory; shared by the default suite and the report command.</summary>
public static class ReportStep
{
    public static void Generate(RunDirectory run)
    {
        var report = ReportGenerator.Generate(run);
        foreach (string note in report.Notes)
            Console.WriteLine($"report: {note}");
        Console.WriteLine($"report: {report.ChartFiles.Count} chart files in {run.PlotsPath}; {report.MarkdownPath}");
    }
}
