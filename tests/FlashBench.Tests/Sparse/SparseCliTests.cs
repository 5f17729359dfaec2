using FlashBench.Bench.Cli;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Sparse;

/// <summary>Bad values for the sparse commands give exit code 2 and write nothing: no run folder, no weight file.</summary>
public sealed class SparseCliTests
{
    [Theory]
    [InlineData("windowing", "--model", "gpt-5")]
    [InlineData("windowing", "--window", "-1")]
    [InlineData("bundling", "--window", "65")]
    [InlineData("bundling", "--precision", "q3.5")]
    [InlineData("bundling", "--precision", "fp8")]
    [InlineData("memory", "--model", "tiny", "--dram-budget", "1K")]
    [InlineData("memory", "--dram-budget", "lots")]
    [InlineData("precision", "--threads", "0")]
    [InlineData("windowing", "--tokens", "0")]
    [InlineData("windowing", "--layers", "33")]
    [InlineData("windowing", "--method", "telepathy")]
    [InlineData("windowing", "--trace", "/nonexistent/real.trace")]
    [InlineData("windowing", "--quick", "--full")]
    [InlineData("bundling", "--io-control", "5")]
    [InlineData("bundling", "--io-control", "-1")]
    [InlineData("windowing", "--data-dir", "/nonexistent-parent/data")]
    public void Bad_values_exit_2_and_write_nothing(params string[] args)
    {
        using var output = new TempDirectory();
        using var data = new TempDirectory();
        string[] defaults = args.Contains("--data-dir") ? [] : ["--data-dir", data.Path];
        int code = FlashBenchCli.Run([.. args, "--out", output.Path, .. defaults]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.Path));
    }

    [Fact]
    public void A_corrupt_trace_file_exits_2()
    {
        using var output = new TempDirectory();
        using var data = new TempDirectory();
        string trace = output.File("corrupt.trace");
        File.WriteAllText(trace, "flashbench-trace 1\nlayers 4\nneurons 256\ntokens 40\n0 0 : 1 2 2\n");
        int code = FlashBenchCli.Run(["windowing", "--model", "tiny", "--trace", trace, "--out", Path.Combine(output.Path, "runs"), "--data-dir", data.Path, "--no-device-watch"]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.False(Directory.Exists(Path.Combine(output.Path, "runs")) && Directory.EnumerateFileSystemEntries(Path.Combine(output.Path, "runs")).Any());
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.Path));
    }

    [Theory]
    [InlineData("opt-6.7b")]   // 4 quick layers × 16384 neurons: the 2-layer, 16-neuron example does not fit
    [InlineData("tiny")]       // fits the shape of neither (tiny has 4 layers of 256)
    public void A_trace_that_does_not_fit_the_model_or_is_too_short_exits_2(string model)
    {
        using var output = new TempDirectory();
        using var data = new TempDirectory();
        int code = FlashBenchCli.Run(["windowing", "--quick", "--model", model, "--trace", TraceFileTests.Fixture("example.trace"),
            "--out", output.Path, "--data-dir", data.Path]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(output.Path));
    }
}

/// <summary>Every sparse experiment runs end to end on the tiny shape through its own command: exit 0, its CSV with one row
/// per case and measured token, cold, run.json complete.</summary>
[Collection(ExperimentRunCollection.Name)]
public sealed class SparseExperimentRunTests
{
    [Theory]
    [InlineData("windowing", 7)]
    [InlineData("bundling", 2)]
    [InlineData("memory", 2)]
    [InlineData("precision", 3)]
    public void A_sparse_experiment_runs_on_the_tiny_shape(string experiment, int cases)
    {
        using var output = new TempDirectory();
        using var data = new TempDirectory();
        int code = FlashBenchCli.Run([experiment, "--quick", "--model", "tiny", "--tokens", "2", "--out", output.Path, "--data-dir", data.Path, "--seed", "5",
            "--settle-max", "3", "--degraded-wait", "0"]);

        Assert.Equal(ExitCodes.Success, code);
        string run = Assert.Single(Directory.GetDirectories(output.Path));
        var rows = FlashBench.Core.Results.CsvFiles.Read<FlashBench.Core.Results.SparseTokenRow>(Path.Combine(run, $"{experiment}.csv"));
        Assert.Equal(cases * 2 * 2, rows.Count); // 2 passes (A B, B A) of 2 tokens
        // the device watch judged every case of every pass, and each row carries its case's verdict
        var judged = FlashBench.Core.Results.CsvFiles.Read<FlashBench.Core.Results.DeviceCaseRow>(Path.Combine(run, FlashBench.Core.Results.DeviceCaseRow.FileName));
        Assert.Equal(cases * 2, judged.Count);
        Assert.All(judged, c => Assert.Contains(c.State, new[] { "steady", "degraded" }));
        Assert.All(rows, r => Assert.Equal(judged.Single(c => c.Case == $"{r.Precision}/{r.Layout}/k{r.Window:00}/{r.Manager}" && c.Pass == r.Pass).State, r.DeviceState));
        Assert.NotEmpty(FlashBench.Core.Results.CsvFiles.Read<FlashBench.Core.Results.DeviceProbeRow>(Path.Combine(run, FlashBench.Core.Results.DeviceProbeRow.FileName)));
        Assert.All(rows, r => Assert.Equal(experiment, r.Experiment));
        // bundling's sides are each judged against an I/O control read right after every token; the others take none
        Assert.All(rows, r => Assert.Equal(experiment == "bundling", r.ControlGbps > 0 && r.ControlReadBytes >= 512));
        Assert.Contains("completed_utc", File.ReadAllText(Path.Combine(run, FlashBench.Core.Results.RunInfo.FileName)));
    }
}
