using FlashBench.Bench.Cli;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Cli;

/// <summary>Bad values give exit code 2 and write nothing (the run folder is created only after validation).</summary>
public sealed class BadInputTests
{
    [Theory]
    [InlineData("throughput", "--chunks", "0")]
    [InlineData("throughput", "--chunks", "3000", "--methods", "direct")]
    [InlineData("throughput", "--chunks", "4K,lots")]
    [InlineData("throughput", "--threads", "0")]
    [InlineData("throughput", "--threads", "eight")]
    [InlineData("throughput", "--methods", "direct,telepathy")]
    [InlineData("throughput", "--quick", "--full")]
    [InlineData("throughput", "--iterations", "0")]
    [InlineData("throughput", "--file-size", "1K")]
    [InlineData("throughput", "--data-dir", "/nonexistent-parent/data")]
    [InlineData("throughput", "--no-such-option")]
    [InlineData("throughput", "--seed", "x")]
    [InlineData("throughput", "--seed", "-1")]
    [InlineData("throughput", "--passes", "0")]
    [InlineData("throughput", "--reference", "dd")]
    [InlineData("throughput", "--max-minutes", "1")]
    [InlineData("throughput", "--max-minutes", "0")]
    [InlineData("micro", "--iterations", "1")]
    [InlineData("--seed", "x")]
    [InlineData("no-such-command")]
    public void Bad_throughput_values_exit_2_and_write_nothing(params string[] args)
    {
        using var output = new TempDirectory();
        int code = FlashBenchCli.Run([.. args, "--out", output.Path]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
    }

    [Fact]
    public void Help_lists_the_commands_and_exits_0()
    {
        var writer = new StringWriter();
        var original = Console.Out;
        Console.SetOut(writer);
        try
        {
            Assert.Equal(ExitCodes.Success, FlashBenchCli.Run(["--help"]));
        }
        finally
        {
            Console.SetOut(original);
        }
        Assert.Contains("throughput", writer.ToString());
    }
}
