using FlashBench.Bench.Cli;
using FlashBench.Core.Inference.OnDevice;
using FlashBench.Core.Results;
using FlashBench.Reporting.OnDevice;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Cli;

/// <summary>`on-device` end to end on one layer of afm-3b: every case's rows, the summary beside the published figures,
/// the 2/4-bit assignment in run.json, the report's table; CSVs read back as written; bad input refused.</summary>
[Collection(ExperimentRunCollection.Name)]
public sealed class OnDeviceRunTests
{
    [Fact]
    public void A_one_layer_run_writes_decode_and_prefill_rows_a_summary_and_its_report()
    {
        using var output = new TempDirectory();
        using var data = new TempDirectory();
        int code = FlashBenchCli.Run(["on-device", "--quick", "--layers", "1", "--tokens", "2", "--warmups", "1", "--prompts", "4,8",
            "--out", output.Path, "--data-dir", data.Path, "--no-device-watch"]);

        Assert.Equal(ExitCodes.Success, code);
        string run = Assert.Single(Directory.GetDirectories(output.Path));
        var rows = CsvFiles.Read<OnDeviceRow>(Path.Combine(run, OnDeviceRow.FileName));
        Assert.Equal(2, rows.Count(r => r.Case == OnDeviceRow.DecodeDram));
        Assert.Equal(2, rows.Count(r => r.Case == OnDeviceRow.DecodeFlash));
        Assert.Equal([4, 8], rows.Where(r => r.Case == OnDeviceRow.Prefill).Select(r => r.PromptTokens).Order());
        Assert.All(rows, r => Assert.Equal("afm-3b-1l", r.Model));
        // the decode's positions continue after the warm-up token; the flash rows read the FFN every token
        Assert.Equal([1, 2], rows.Where(r => r.Case == OnDeviceRow.DecodeDram).Select(r => r.Position));
        Assert.All(rows.Where(r => r.Case == OnDeviceRow.DecodeFlash), r => Assert.True(r.BytesRead > 0 && r.IoMs > 0));

        var summary = CsvFiles.Read<OnDeviceSummaryRow>(Path.Combine(run, OnDeviceSummaryRow.FileName));
        Assert.Equal([OnDeviceRow.DecodeDram, OnDeviceRow.DecodeFlash, OnDeviceRow.Prefill, OnDeviceRow.Prefill], summary.Select(s => s.Case));
        Assert.All(summary.Take(2), s => Assert.Equal(30, s.Published));
        Assert.All(summary.Skip(2), s => Assert.Equal(0.6, s.Published));
        Assert.NotNull(summary[1].DiskGbps);
        Assert.All(summary.Skip(2), s => Assert.True(s.IdealTokensPerSecond > 0 && s.ComputeGflops > 0));
        Assert.All(rows.Where(r => r.Case != OnDeviceRow.Prefill), r => Assert.True(r.ProbeGbps > 0));

        string info = File.ReadAllText(Path.Combine(run, RunInfo.FileName));
        Assert.Contains("every fourth group of 8 rows", info);
        Assert.Contains("\"same_tokens_as_dram\": true", info);
        Assert.Contains(OnDeviceReport.Title, File.ReadAllText(Path.Combine(run, "REPORT.md")));

        // the CSVs read back as written
        string copy = Path.Combine(output.Path, "copy.csv");
        CsvFiles.Write(copy, rows);
        Assert.Equal(File.ReadAllText(Path.Combine(run, OnDeviceRow.FileName)), File.ReadAllText(copy));
        CsvFiles.Write(copy, summary);
        Assert.Equal(File.ReadAllText(Path.Combine(run, OnDeviceSummaryRow.FileName)), File.ReadAllText(copy));
    }

    [Theory]
    [InlineData("--model", "opt-6.7b")]
    [InlineData("--layers", "27")]
    [InlineData("--prompts", "0")]
    [InlineData("--method", "mmap")]
    public void Bad_input_is_one_line_and_exit_2(string option, string value)
    {
        using var output = new TempDirectory();
        int code = FlashBenchCli.Run(["on-device", "--quick", option, value, "--out", output.Path, "--no-device-watch"]);
        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Empty(Directory.GetDirectories(output.Path));
    }

    [Fact]
    public void The_summary_judges_decode_against_the_probe_and_flash_against_the_slower_of_probe_and_disk()
    {
        OnDeviceRow Row(string c, int sample, double ms, long bytesRead = 0, int prompt = 0) => new()
        {
            Model = "m", Case = c, Sample = sample, Ms = ms, PromptTokens = prompt, WeightBytes = 2_000_000_000, BytesRead = bytesRead,
        };
        var rows = new List<OnDeviceRow>
        {
            Row(OnDeviceRow.DecodeDram, 0, 100), Row(OnDeviceRow.DecodeDram, 1, 200), Row(OnDeviceRow.DecodeDram, 2, 200),
            Row(OnDeviceRow.DecodeFlash, 0, 1000, bytesRead: 1_000_000_000),
            Row(OnDeviceRow.Prefill, 0, 1200, prompt: 1000),
        };
        var summary = OnDeviceSummary.Build(rows, probeGbps: 20, diskGbps: 0.5);

        var dram = summary[0];
        Assert.Equal(5, dram.TokensPerSecond, 9); // median 200 ms
        Assert.Equal(10, dram.IdealTokensPerSecond!.Value, 9); // 2 GB ÷ 20 GB/s = 0.1 s
        Assert.Equal(0.5, dram.IdealFraction!.Value, 9);
        Assert.Equal(5 / 30.0, dram.VsPublished, 9);
        var flash = summary[1];
        Assert.Equal(0.5, flash.IdealTokensPerSecond!.Value, 9); // 1 GB ÷ 0.5 GB/s = 2 s, slower than 0.1 s
        Assert.Equal(2, flash.IdealFraction!.Value, 9);
        var prefill = summary[2];
        Assert.Equal(1.2, prefill.MedianMs, 9);
        Assert.Null(prefill.IdealTokensPerSecond);
        Assert.Equal(2, prefill.VsPublished, 9);
        // a prefill's ideal is compute-bound: the peak ÷ the FLOPs of a prompt token
        var computed = OnDeviceSummary.Build(rows, probeGbps: 20, diskGbps: 0.5, prefill: (100, 1e9))[2];
        Assert.Equal(100, computed.IdealTokensPerSecond!.Value, 9);
        Assert.Equal(1000 / 1.2 / 100, computed.IdealFraction!.Value, 9);
        Assert.Equal(100, computed.ComputeGflops);
        rows[^1].ComputeGflops = 50; // its own control, before and after the prompt
        Assert.Equal(50, OnDeviceSummary.Build(rows, probeGbps: 20, diskGbps: 0.5, prefill: (100, 1e9))[2].IdealTokensPerSecond!.Value, 9);

        // rows with their own probe reads (the control after each token) are judged against those
        foreach (var row in rows.Where(r => r.Case == OnDeviceRow.DecodeDram))
            row.ProbeGbps = 40;
        var controlled = OnDeviceSummary.Build(rows, probeGbps: 20, diskGbps: 0.5)[0];
        Assert.Equal(20, controlled.IdealTokensPerSecond!.Value, 9);
        Assert.Equal(40, controlled.ProbeGbps, 9);
    }
}
