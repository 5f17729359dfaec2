using FlashBench.Bench.Cli;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Inference;

/// <summary>Bad latency values give exit code 2 and write nothing.</summary>
public sealed class LatencyCliTests
{
    [Theory]
    [InlineData("latency", "--model", "gpt-5")]
    [InlineData("latency", "--model", "tiny")]
    [InlineData("latency", "--config", "turbo")]
    [InlineData("latency", "--tokens", "0")]
    [InlineData("latency", "--tokens", "3")]
    [InlineData("latency", "--tokens", "many")]
    [InlineData("latency", "--tokens", "8,16")]
    [InlineData("latency", "--dram-budget", "1.5")]
    [InlineData("latency", "--dram-budget", "0")]
    [InlineData("latency", "--dram-budget", "half")]
    [InlineData("latency", "--dram-budget", "100%")]
    [InlineData("latency", "--layers", "0")]
    [InlineData("latency", "--method", "telepathy")]
    [InlineData("latency", "--dense-ring", "gpt-5")]
    [InlineData("latency", "--quick", "--full")]
    [InlineData("latency", "--data-dir", "/nonexistent-parent/data")]
    [InlineData("latency", "--no-such-option")]
    [InlineData("latency", "--trace", "/nonexistent/trace.txt", "--model", "opt-6.7b")]
    [InlineData("latency", "--trace", "/nonexistent/trace.txt")]
    public void Bad_latency_values_exit_2_and_write_nothing(params string[] args)
    {
        using var output = new TempDirectory();
        int code = FlashBenchCli.Run([.. args, "--out", output.Path, "--no-device-watch"]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
    }
}
