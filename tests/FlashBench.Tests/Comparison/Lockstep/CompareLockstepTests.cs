using FlashBench.Bench.Cli;
using FlashBench.Core.Results;
using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.Comparison.Lockstep;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Comparison.Lockstep;

public sealed class CompareLockstepTests
{
    private static string Markdown(TempDirectory folder) => File.ReadAllText(Path.Combine(folder.Path, ComparisonFiles.MarkdownFileName));

    [Fact]
    public void A_lockstep_slowdown_exits_one_and_names_the_family_and_benchmark()
    {
        using var folder = new TempDirectory();
        string csv = Path.Combine(folder.Path, SliceRow.FileName);
        CsvFiles.Write(csv, SliceRows.Of("read-path", "direct 32K warm", 10, 1.15, SliceRows.Alternating(0.01))
            .Concat(SliceRows.Of("window", "advance k=4", 10, 1.0, SliceRows.Alternating(0.005))));

        Assert.Equal(ExitCodes.Failure, FlashBenchCli.Run(["compare", "--lockstep", csv]));
        string markdown = Markdown(folder);
        Assert.Contains("**Regressed: micro read-path.**", markdown);
        Assert.Contains("direct 32K warm ×1.15", markdown);
        Assert.Contains("Passed: micro window (≤ ", markdown);
    }

    [Fact]
    public void A_steady_lockstep_exits_zero_and_states_the_detectable_effect()
    {
        using var folder = new TempDirectory();
        string csv = Path.Combine(folder.Path, SliceRow.FileName);
        CsvFiles.Write(csv, SliceRows.Of("kernel", "fp16 1 MiB x1", 10, 1.0, SliceRows.Alternating(0.005)));

        Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["compare", "--lockstep", csv]));
        Assert.Contains("| micro kernel | 1 | 10 |", Markdown(folder));
        Assert.Contains("no regression larger than", Markdown(folder));
    }

    [Fact]
    public void One_side_of_runs_with_lockstep_is_bad_input()
    {
        using var folder = new TempDirectory();
        string csv = Path.Combine(folder.Path, SliceRow.FileName);
        CsvFiles.Write(csv, SliceRows.Of("kernel", "fp16 1 MiB x1", 3, 1.0, _ => 1));

        Assert.Equal(ExitCodes.BadInput, FlashBenchCli.Run(["compare", folder.Path, "--lockstep", csv]));
    }
}
