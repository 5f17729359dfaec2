using FlashBench.Bench.Cli;
using FlashBench.Reporting.Comparison;
using FlashBench.Tests.Reporting;

namespace FlashBench.Tests.Comparison;

public sealed class CompareCommandTests
{
    private static readonly (string, int, int, double)[] Grid = [("direct", 32768, 32, 7400), ("direct", 1 << 20, 32, 17000)];

    [Fact]
    public void Identical_runs_exit_zero_and_write_compare_files()
    {
        using var temp = new TempDirectory();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b");
        ComparisonRuns.WriteThroughput(a, Grid);
        ComparisonRuns.WriteThroughput(b, Grid);

        Assert.Equal(0, FlashBenchCli.Run(["compare", a, b]));
        Assert.Contains("## Same", File.ReadAllText(Path.Combine(b, ComparisonFiles.MarkdownFileName)));
        Assert.True(File.Exists(Path.Combine(b, ComparisonCsvRow.FileName)));
    }

    [Fact]
    public void Regression_exits_one_and_writes_to_out()
    {
        using var temp = new TempDirectory();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b"), output = Path.Combine(temp.Path, "out");
        ComparisonRuns.WriteThroughput(a, Grid);
        ComparisonRuns.WriteThroughput(b, Grid.Select(p => p with { Item4 = p.Item4 * 0.8 }));

        Assert.Equal(1, FlashBenchCli.Run(["compare", a, b, "--threshold", "5%", "--out", output]));
        string markdown = File.ReadAllText(Path.Combine(output, ComparisonFiles.MarkdownFileName));
        Assert.Contains("## Slower", markdown);
        Assert.Contains("method=direct, chunk_bytes=32768, threads=32", markdown);
    }

    [Fact]
    public void Slowdown_under_a_wide_threshold_exits_zero()
    {
        using var temp = new TempDirectory();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b");
        ComparisonRuns.WriteThroughput(a, Grid);
        ComparisonRuns.WriteThroughput(b, Grid.Select(p => p with { Item4 = p.Item4 * 0.8 }));

        Assert.Equal(0, FlashBenchCli.Run(["compare", a, b, "--threshold", "50%"]));
    }

    [Fact]
    public void Missing_directory_exits_two() =>
        Assert.Equal(2, FlashBenchCli.Run(["compare", "/nonexistent-base", "/nonexistent-diff"]));

    [Fact]
    public void Nothing_in_common_exits_two()
    {
        using var temp = new TempDirectory();
        string a = Path.Combine(temp.Path, "a"), b = Path.Combine(temp.Path, "b");
        ComparisonRuns.WriteThroughput(a, Grid);
        ComparisonRuns.WriteWindowing(b, 100);

        Assert.Equal(2, FlashBenchCli.Run(["compare", a, b]));
    }

    [Fact]
    public void Bad_threshold_exits_two()
    {
        using var temp = new TempDirectory();
        Assert.Equal(2, FlashBenchCli.Run(["compare", temp.Path, temp.Path, "--threshold", "lots"]));
    }
}
