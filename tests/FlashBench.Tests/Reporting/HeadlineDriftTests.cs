using FlashBench.Core.Inference.Results;
using FlashBench.Core.Results;
using FlashBench.Reporting.Device;

namespace FlashBench.Tests.Reporting;

public sealed class HeadlineDriftTests
{
    private static Table2Row Row(string model, string config, string label, double? ratio, double device, double? control) => new()
    {
        Model = model, Config = config, PaperLabel = label, IoRatio = ratio, DeviceGbps = device, ThroughputGbps = device, ControlGbps = control,
    };

    private static List<Table2Row> Run(double allRatio, double allDevice, double allControl, double naiveDevice, double naiveControl) =>
    [
        Row("opt-6.7b", "naive", "Naive", 1, naiveDevice, naiveControl),
        Row("opt-6.7b", "all", "All", allRatio, allDevice, allControl),
    ];

    [Fact]
    public void A_ratio_that_moved_with_its_sides_control_is_put_down_to_the_device()
    {
        string? line = HeadlineDrift.Of(Run(28.9, 0.613, 0.878, 1.366, 2.344), Run(23.1, 0.476, 0.758, 1.405, 1.304), "20261205-022024");

        Assert.Equal("headline ratio moved since the previous run: opt-6.7b Naive → All I/O 28.9× against 23.1× in 20261205-022024 (×1.25): "
            + "All read 0.61 GB/s against 0.48 (×1.29), its I/O control 0.88 against 0.76 (×1.16): the device at its read size moved with it; "
            + "Naive read 1.37 GB/s against 1.41 (×0.97), its I/O control 2.34 against 1.30 (×1.80): unchanged", line);
    }

    [Fact]
    public void A_side_that_moved_while_its_control_did_not_is_the_loader_s_share_or_a_cache()
    {
        string? line = HeadlineDrift.Of(Run(6.1, 0.15, 0.86, 1.3, 1.3), Run(39.8, 0.75, 0.76, 1.3, 1.3), "earlier");

        Assert.Contains("All read 0.15 GB/s against 0.75 (×0.20), its I/O control 0.86 against 0.76 (×1.13): its control did not move with it", line);
    }

    [Fact]
    public void Ratios_within_the_tolerance_or_missing_on_one_side_say_nothing()
    {
        Assert.Null(HeadlineDrift.Of(Run(24.0, 0.5, 0.8, 1.4, 1.3), Run(23.1, 0.48, 0.76, 1.4, 1.3), "earlier"));
        Assert.Null(HeadlineDrift.Of(Run(30.0, 0.5, 0.8, 1.4, 1.3), [Row("phi-2", "all", "All", 10, 0.5, 0.5)], "earlier"));
    }

    [Fact]
    public void The_previous_run_is_the_newest_earlier_run_with_a_table_2_and_its_line_follows_the_verdict()
    {
        using var temp = new TempDirectory();
        string root = Path.Combine(temp.Path, "results");
        var older = RunDirectory.Create(root, "20261205-022024");
        var previous = RunDirectory.Create(root, "20261205-050000-latency");
        var noTable = RunDirectory.Create(root, "20261205-070000");
        var reference = RunDirectory.Create(root, "reference-20261127-025001");
        var current = RunDirectory.Create(root, "20261205-080459");
        var later = RunDirectory.Create(root, "20261205-090000");
        CsvFiles.Write(older.Result(Table2Row.FileName), Run(10.0, 0.2, 0.76, 1.4, 1.3));
        CsvFiles.Write(previous.Result(Table2Row.FileName), Run(23.1, 0.476, 0.758, 1.405, 1.304));
        CsvFiles.Write(reference.Result(Table2Row.FileName), Run(34.0, 0.9, 0.9, 1.4, 1.3));
        CsvFiles.Write(later.Result(Table2Row.FileName), Run(50.0, 0.9, 0.9, 1.4, 1.3));
        CsvFiles.Write(current.Result(Table2Row.FileName), Run(28.9, 0.613, 0.878, 1.366, 2.344));
        Assert.True(Directory.Exists(noTable.ResultsPath));

        Assert.Equal("20261205-050000-latency", HeadlineDrift.Previous(current)?.RunId);
        Assert.Null(HeadlineDrift.Previous(older));
        string verdict = DeviceSummary.Build(current).Verdict;
        Assert.Contains("\nheadline ratio moved since the previous run: opt-6.7b Naive → All I/O 28.9× against 23.1× in 20261205-050000-latency (×1.25)", verdict);
    }
}
