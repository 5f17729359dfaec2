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

    private const string NotJudged = "not judged: one round per side (run with --passes N)";

    private static string DefaultSuites(ComparisonSides sides, TempDirectory output, out int exitCode)
    {
        exitCode = FlashBenchCli.Run(["compare", sides.BaseArgument, sides.HeadArgument, "--out", output.Path]);
        return File.ReadAllText(Path.Combine(output.Path, ComparisonFiles.MarkdownFileName));
    }

    [Fact]
    public void Two_default_suite_runs_exit_zero_with_the_throughput_passes_judged_and_the_rest_not_judged()
    {
        using var sides = new ComparisonSides(1, (run, _, head) => ComparisonRuns.WriteDefaultSuite(run, pass => ComparisonRuns.Drift(pass + (head ? 3 : 0), 0.02)));
        using var output = new TempDirectory();

        string markdown = DefaultSuites(sides, output, out int exitCode);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("**No family regressed.**", markdown);
        Assert.Contains("| throughput direct | 3 |", markdown);
        Assert.Contains("| throughput buffered | 3 |", markdown);
        Assert.Contains($"- windowing (sparse loaders): {NotJudged}", markdown);
        Assert.Contains($"- micro (micro read-path): {NotJudged}", markdown);
        Assert.Contains($"- latency (latency all): {NotJudged}", markdown);
    }

    [Fact]
    public void Two_default_suite_runs_exit_one_when_the_throughput_passes_regressed()
    {
        using var sides = new ComparisonSides(1, (run, _, head) => ComparisonRuns.WriteDefaultSuite(run,
            pass => ComparisonRuns.Drift(pass + (head ? 3 : 0), 0.02), p => head && p.Method == "direct" ? 1 / 1.5 : 1));
        using var output = new TempDirectory();

        string markdown = DefaultSuites(sides, output, out int exitCode);

        Assert.Equal(ExitCodes.Failure, exitCode);
        Assert.Contains("**Regressed: throughput direct.**", markdown);
        Assert.Contains($"- windowing (sparse loaders): {NotJudged}", markdown);
    }

    [Fact]
    public void Runs_with_nothing_to_judge_exit_two_and_say_why()
    {
        // A default suite run with --passes 1: every experiment has one round per side.
        using var sides = new ComparisonSides(1, (run, _, head) => ComparisonRuns.WriteDefaultSuite(run, _ => 1, p => head ? 0.5 : 1, passes: 1));
        using var output = new TempDirectory();

        string markdown = DefaultSuites(sides, output, out int exitCode);

        Assert.Equal(ExitCodes.BadInput, exitCode);
        Assert.Contains("**Nothing judged:**", markdown);
        Assert.Contains($"- throughput (throughput direct, throughput buffered): {NotJudged}", markdown);
        Assert.Contains($"- latency (latency all): {NotJudged}", markdown);
    }

    [Fact]
    public void Rows_measured_on_a_degraded_device_do_not_fail_the_comparison()
    {
        // Two of head's direct points read at half speed in every pass, all marked degraded: left out, they cannot be compared.
        var outsideBand = new[] { ("direct", 32768, 32), ("direct", 1 << 20, 32) };
        using var sides = new ComparisonSides(1, (run, _, head) => ComparisonRuns.WriteDefaultSuite(run, _ => 1,
            degraded: head ? (_, p) => outsideBand.Contains(p) : null));
        using var output = new TempDirectory();

        string markdown = DefaultSuites(sides, output, out int exitCode);

        Assert.Equal(ExitCodes.Success, exitCode);
        Assert.Contains("| throughput direct | 3 | 2 |", markdown);
        Assert.Contains("| throughput: method=direct, chunk_bytes=32768, threads=32 | throughput_mb_s | 0 of 3 rounds have usable samples", markdown);
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
