using FlashBench.Bench.Cli;
using FlashBench.Reporting.Comparison;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Comparison;

public sealed class CompareCommandTests
{
    private static void Throughput(string run, int round, bool head, double headFactor = 1) =>
        ComparisonRuns.WriteThroughput(run, _ => ComparisonRuns.Drift(round, 0.1), p => head && p.Method == "direct" ? headFactor : 1);

    [Fact]
    public void Same_data_exits_zero_and_writes_the_report()
    {
        using var sides = new ComparisonSides(3, (run, round, head) => Throughput(run, round, head));

        Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["compare", sides.BaseArgument, sides.HeadArgument]));
        Assert.Contains("**No family regressed.**", File.ReadAllText(Path.Combine(sides.Head[0], ComparisonFiles.MarkdownFileName)));
        Assert.True(File.Exists(Path.Combine(sides.Head[0], ComparisonCsvRow.FileName)));
    }

    [Fact]
    public void A_planted_slowdown_exits_one_and_names_the_family_and_points()
    {
        using var sides = new ComparisonSides(3, (run, round, head) => Throughput(run, round, head, headFactor: 1 / 1.15));
        using var output = new TempDirectory();

        Assert.Equal(ExitCodes.Failure, FlashBenchCli.Run(["compare", sides.BaseArgument, sides.HeadArgument, "--out", output.Path]));
        string markdown = File.ReadAllText(Path.Combine(output.Path, ComparisonFiles.MarkdownFileName));
        Assert.Contains("**Regressed: throughput direct.**", markdown);
        Assert.Contains("### Regressed: throughput direct", markdown);
        Assert.Contains("throughput: method=direct, chunk_bytes=32768, threads=32", markdown);
    }

    [Fact]
    public void A_slowdown_below_the_minimum_effect_exits_zero()
    {
        using var sides = new ComparisonSides(3, (run, round, head) => Throughput(run, round, head, headFactor: 1 / 1.15));

        Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["compare", sides.BaseArgument, sides.HeadArgument, "--min-effect", "20%"]));
    }

    [Fact]
    public void Incomparable_runs_exit_two_and_write_nothing()
    {
        using var sides = new ComparisonSides(2, (run, round, head) => Throughput(run, round, head), headProfile: "standard");
        using var output = new TempDirectory();

        Assert.Equal(ExitCodes.BadInput, FlashBenchCli.Run(["compare", sides.BaseArgument, sides.HeadArgument, "--out", output.Path]));
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
        Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["compare", sides.BaseArgument, sides.HeadArgument, "--out", output.Path, "--allow-different"]));
    }

    [Fact]
    public void A_truncated_csv_exits_two()
    {
        using var sides = new ComparisonSides(2, (run, round, head) => Throughput(run, round, head));
        string csv = Path.Combine(sides.Base[0], "throughput.csv");
        File.WriteAllText(csv, File.ReadAllText(csv)[..^25]);

        Assert.Equal(ExitCodes.BadInput, FlashBenchCli.Run(["compare", sides.BaseArgument, sides.HeadArgument]));
    }

    [Fact]
    public void Missing_directory_exits_two() =>
        Assert.Equal(ExitCodes.BadInput, FlashBenchCli.Run(["compare", "/nonexistent-base", "/nonexistent-head"]));

    [Fact]
    public void A_folder_that_is_not_a_run_exits_two()
    {
        using var temp = new TempDirectory();
        Assert.Equal(ExitCodes.BadInput, FlashBenchCli.Run(["compare", temp.Path, temp.Path]));
    }

    [Theory]
    [InlineData("--min-effect", "lots")]
    [InlineData("--min-effect", "5")]
    [InlineData("--point-min-effect", "-1%")]
    public void Bad_effects_exit_two(string option, string value)
    {
        using var temp = new TempDirectory();
        Assert.Equal(ExitCodes.BadInput, FlashBenchCli.Run(["compare", temp.Path, temp.Path, option, value]));
    }
}
