using System.Text.RegularExpressions;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Results;
using FlashBench.Reporting;

namespace FlashBench.Tests.Reporting;

public sealed partial class ReportGeneratorTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Fixture_run_produces_every_chart_and_a_report_whose_links_resolve()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Open(Fixtures.CopyRun("run-small", temp.Path));

        var result = ReportGenerator.Generate(run, ExperimentCatalog.ReportParts);

        Assert.True(File.Exists(result.MarkdownPath));
        Assert.NotEmpty(result.ChartFiles);
        foreach (string chart in result.ChartFiles)
        {
            Assert.StartsWith(run.PlotsPath, chart);
            byte[] bytes = File.ReadAllBytes(chart);
            Assert.True(bytes.Length > 1000, $"{chart} is nearly empty");
            if (chart.EndsWith(".png", StringComparison.Ordinal))
                Assert.Equal(PngSignature, bytes[..8]);
            else
                Assert.Contains("<svg", File.ReadAllText(chart));
        }
        // one chart per method (3), all methods at 32 threads, latency: 5 charts × (PNG + SVG)
        Assert.Equal(10, result.ChartFiles.Count);

        string markdown = File.ReadAllText(result.MarkdownPath);
        var links = LinkPattern().Matches(markdown).Select(m => m.Groups["target"].Value).ToList();
        Assert.NotEmpty(links);
        foreach (string link in links)
        {
            Assert.False(Path.IsPathRooted(link), $"link {link} is absolute");
            Assert.True(File.Exists(Path.Combine(run.ResultsPath, link)), $"link {link} does not resolve");
        }
    }

    [Fact]
    public void Report_names_the_machine_and_notes_missing_experiments_and_warm_points()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Open(Fixtures.CopyRun("run-small", temp.Path));

        var result = ReportGenerator.Generate(run, ExperimentCatalog.ReportParts);
        string markdown = File.ReadAllText(result.MarkdownPath);

        Assert.Contains("Fixture CPU", markdown);
        Assert.Contains("Fixture NVMe", markdown);
        Assert.Contains("0123456789abcdef", markdown);
        Assert.Contains("<span style=\"color:red\">", markdown);
        Assert.Contains("warm (page cache)", markdown);
        // the fixture has no tokens.csv etc.: every other discovered experiment is skipped, not a crash
        foreach (var experiment in ExperimentCatalog.All.Where(e => e != ExperimentCatalog.Throughput))
            Assert.Contains($"- {experiment.Name}: skipped (no data)", markdown);
        Assert.True(File.Exists(run.Result("cost_model.csv")));
        Assert.Contains("throughput", result.Tables!.Keys);
        Assert.Contains("machine", result.Tables!.Keys);
    }

    [Fact]
    public void Run_without_any_data_reports_everything_skipped()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Create(Path.Combine(temp.Path, "results"), "empty");
        RunInfo.MarkCompleted(run);

        var result = ReportGenerator.Generate(run, ExperimentCatalog.ReportParts);
        string markdown = File.ReadAllText(result.MarkdownPath);

        Assert.Empty(result.ChartFiles);
        Assert.Contains("- throughput: skipped (no data)", markdown);
    }

    [Fact]
    public void A_folder_that_is_not_a_run_is_refused_and_nothing_is_written()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "notes.txt"), "not a run");
        var run = RunDirectory.Open(temp.Path);

        var error = Assert.Throws<InvalidDataException>(() => ReportGenerator.Generate(run, ExperimentCatalog.ReportParts));

        Assert.Contains("is not a FlashBench run", error.Message);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Malformed_throughput_csv_raises_csv_format_exception()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Create(Path.Combine(temp.Path, "results"), "broken");
        File.WriteAllText(run.Result(ThroughputRow.FileName), "method,chunk_bytes\ndirect,not-a-number\n");

        Assert.Throws<CsvFormatException>(() => ReportGenerator.Generate(run, ExperimentCatalog.ReportParts));
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+\.(png|svg))\)")]
    private static partial Regex LinkPattern();
}

public sealed class WarmOnlyReportTests
{
    [Fact]
    public void Warm_only_run_is_reported_in_red_without_flash_figures()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Create(Path.Combine(temp.Path, "results"), "warm");
        CsvFiles.Write(run.Result(ThroughputRow.FileName), new[] { 4096, 1 << 20 }.Select(chunk => new ThroughputRow
        {
            Method = "buffered", ReadPath = "pread through the page cache", ChunkBytes = chunk, Threads = 4, Cache = "warm",
            ThroughputMBps = 9000, MeanMicros = 5,
        }));

        var result = ReportGenerator.Generate(run, ExperimentCatalog.ReportParts);
        string markdown = File.ReadAllText(result.MarkdownPath);

        Assert.Contains("<span style=\"color:red\">Warning: some inputs were measured with a warm page cache", markdown);
        Assert.DoesNotContain("9000", markdown); // a warm figure never appears as a key figure
        Assert.Contains("Not enough chunk sizes to fit", markdown);
        Assert.All(result.ChartFiles, f => Assert.True(new FileInfo(f).Length > 1000));
    }
}
