using FlashBench.Bench.Cli;
using FlashBench.Core.Results;
using FlashBench.Reporting;

namespace FlashBench.Bench.Hosting;

/// <summary>The run lifecycle, once for every experiment and for the default suite: a new run folder (created only
/// after the options were validated, so bad input writes nothing), Ctrl+C, the measurements, run.json marked complete,
/// then the charts and REPORT.md.</summary>
public static class ExperimentHost
{
    /// <summary>One experiment from its own command, into results/&lt;time&gt;-&lt;experiment&gt;/.</summary>
    public static int RunStandalone(string experiment, RunSettings settings, Action<ExperimentContext> measure, IReadOnlyList<DataFile> data) =>
        Run(experiment, settings, measure, data);

    /// <summary>`dotnet run -c Release --project bench`: every experiment of the catalog into one run, in order.</summary>
    public static int RunSuite(IReadOnlyList<IExperiment> experiments, RunSettings settings)
    {
        Console.WriteLine($"FlashBench default suite ({settings.Profile.Name()} profile, seed {settings.Seed}): {string.Join(", ", experiments.Select(e => e.Name))}");
        var data = experiments.SelectMany(e => e.SuiteDataFiles(settings)).DistinctBy(f => f.Path).ToList();
        return Run(settings.Profile == Profile.Standard ? null : settings.Profile.Name(), settings, context =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < experiments.Count; i++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                Console.WriteLine($"== {experiments[i].Name} ({i + 1}/{experiments.Count}, suite at {clock.Elapsed.TotalMinutes:0.0} min) ==");
                experiments[i].RunInSuite(context);
            }
            Console.WriteLine($"suite measured in {clock.Elapsed.TotalMinutes:0.0} min");
        }, data);
    }

    /// <summary>Data first: every missing data file (and the device probe's) is checked for room before the run folder
    /// exists and written before the device is settled and anything measured.</summary>
    private static int Run(string? runIdSuffix, RunSettings settings, Action<ExperimentContext> measure, IReadOnlyList<DataFile> data)
    {
        var files = settings.DeviceWatch is null
            ? data
            : [RunDeviceWatch.ProbeFile(settings.DataDirectory, settings.Profile), .. data];
        DataFile.CheckRoom(settings.DataDirectory, files);
        using var cancellation = ConsoleCancellation.Create();
        var run = RunDirectory.Create(settings.ResultsRoot, RunDirectory.NewRunId(DateTime.UtcNow, runIdSuffix));
        Console.WriteLine($"results → {run.ResultsPath}");
        var written = DataFile.WriteMissing(files);
        RunInfo.RecordRoot(run, "data", new
        {
            directory = Path.GetFullPath(settings.DataDirectory),
            files_present = written.FilesPresent,
            files_written = written.FilesWritten,
            bytes_written = written.BytesWritten,
            write_seconds = written.Seconds,
        });
        using (var device = RunDeviceWatch.Start(run, settings, settings.Seed))
        {
            measure(new ExperimentContext(run, settings, cancellation.Token, device));
            device?.RecordRunInfo();
        }
        RunInfo.MarkCompleted(run);
        var report = Report(run);
        Console.WriteLine($"results: {run.ResultsPath}");
        Console.WriteLine($"plots:   {run.PlotsPath}");
        Console.WriteLine(report.Verdict);
        return ExitCodes.Success;
    }

    /// <summary>Charts and REPORT.md of a run, from the catalog's reports.</summary>
    public static ReportResult Report(RunDirectory run)
    {
        var report = ReportGenerator.Generate(run, ExperimentCatalog.ReportParts);
        foreach (string note in report.Notes)
            Console.WriteLine($"report: {note}");
        Console.WriteLine($"report: {report.ChartFiles.Count} chart files in {run.PlotsPath}; {report.MarkdownPath}");
        return report;
    }
}
