using FlashBench.Bench.Cli;
using FlashBench.Reporting.Readme;

namespace FlashBench.Tests.Reporting;

public sealed class ReportCommandTests
{
    [Fact]
    public void Missing_run_directory_exits_two() =>
        Assert.Equal(2, FlashBenchCli.Run(["report", "/nonexistent"]));

    [Fact]
    public void A_folder_that_is_not_a_run_exits_two_and_gets_nothing_written()
    {
        using var temp = new TempDirectory();
        string folder = Path.Combine(temp.Path, "etc-like");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "hosts"), "127.0.0.1 localhost\n");

        Assert.Equal(2, FlashBenchCli.Run(["report", folder]));

        Assert.Equal(["hosts"], Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName));
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "plots")));
    }

    [Fact]
    public void Malformed_csv_exits_two()
    {
        using var temp = new TempDirectory();
        string run = Path.Combine(temp.Path, "results", "broken");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "throughput.csv"), "method,chunk_bytes,threads\ndirect,4K?,x\n");

        Assert.Equal(2, FlashBenchCli.Run(["report", run]));
    }

    [Fact]
    public void Report_with_readme_splices_the_run_tables()
    {
        using var temp = new TempDirectory();
        string run = Fixtures.CopyRun("run-small", temp.Path);
        string readme = Path.Combine(temp.Path, "README.md");
        File.WriteAllText(readme, "# Title\n\n" + ReadmeTables.BeginMarker("throughput") + "\nold\n" + ReadmeTables.EndMarker("throughput") + "\n\nrest\n");

        Assert.Equal(0, FlashBenchCli.Run(["report", run, "--readme", readme]));

        string text = File.ReadAllText(readme);
        Assert.DoesNotContain("\nold\n", text);
        Assert.Contains("| direct |", ReadmeTables.Extract(text, "throughput"));
        Assert.EndsWith("\n\nrest\n", text);
    }
}
