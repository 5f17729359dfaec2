using FlashBench.Core.Inference.Results;
using FlashBench.Core.Results;
using FlashBench.Reporting.Device;

namespace FlashBench.Tests.Reporting;

public sealed class HeadlineCaveatsTests
{
    private static Table2Row Row(string model, string config, string label, double gbps, double? curve, long bytesPerRead) => new()
    {
        Model = model, Config = config, PaperLabel = label, ThroughputGbps = gbps, CurveGbps = curve, BytesPerRead = bytesPerRead,
    };

    [Fact]
    public void Naive_reading_above_the_cold_curve_makes_its_model_s_headline_ratio_not_a_flash_figure()
    {
        var rows = new List<Table2Row>
        {
            Row("opt-6.7b", "naive", "Naive", 3.94, 2.10, 1 << 20),
            Row("opt-6.7b", "hybrid", "Hybrid", 9.0, 2.10, 1 << 20), // not an end of the headline ratio
            Row("opt-6.7b", "all", "All", 1.0, 1.2, 16384),
            Row("phi-2", "naive", "Naive", 2.0, 2.10, 1 << 20),
            Row("phi-2", "all", "All", 0.9, 1.2, 10240),
        };

        Assert.Equal("headline ratio not a flash figure: opt-6.7b Naive → All I/O (Naive read 3.94 GB/s, 1.9× the cold curve at 1 MiB reads: a cache below the guest served its re-reads)",
            HeadlineCaveats.Of(rows));
    }

    [Fact]
    public void A_side_reading_below_half_its_own_control_makes_the_ratio_not_a_flash_figure()
    {
        var rows = new List<Table2Row>
        {
            Row("falcon-7b", "naive", "Naive", 1.3, 1.32, 1 << 20),
            Row("falcon-7b", "all", "All", 0.15, 0.83, 18432),
            Row("phi-2", "naive", "Naive", 0.85, 1.32, 1 << 20),
            Row("phi-2", "all", "All", 0.38, 0.63, 10240),
        };
        rows[0].DeviceGbps = 1.33; rows[0].ControlGbps = 2.30;  // 0.58×: within
        rows[1].DeviceGbps = 0.16; rows[1].ControlGbps = 0.86;  // 0.19×: below
        rows[3].DeviceGbps = 0.40; rows[3].ControlGbps = 0.51;

        Assert.Equal("headline ratio not a flash figure: falcon-7b Naive → All I/O (All read 0.16 GB/s, 0.19× its I/O control read right after it (0.86 GB/s): its files were colder below the guest than the control's, or the loader stalled)",
            HeadlineCaveats.Of(rows));
    }

    [Fact]
    public void Ratios_whose_ends_read_within_the_curve_or_have_no_curve_have_no_caveat()
    {
        var rows = new List<Table2Row>
        {
            Row("opt-6.7b", "naive", "Naive", 2.5, 2.10, 1 << 20), // 1.19×: within
            Row("opt-6.7b", "all", "All", 5.0, null, 16384),       // no curve to judge by
        };

        Assert.Null(HeadlineCaveats.Of(rows));
    }

    [Fact]
    public void The_caveat_follows_the_verdict_in_the_report_and_on_the_console()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Create(Path.Combine(temp.Path, "results"), "latency");
        CsvFiles.Write(run.Result(Table2Row.FileName), new List<Table2Row>
        {
            Row("opt-6.7b", "naive", "Naive", 1.0, 2.0, 1 << 20),
            Row("opt-6.7b", "all", "All", 2.5, 1.2, 16384),
        });

        var summary = DeviceSummary.Build(run);

        string caveat = "headline ratio not a flash figure: opt-6.7b Naive → All I/O (All read 2.50 GB/s, 2.1× the cold curve at 16 KiB reads: a cache below the guest served its re-reads)";
        Assert.Contains($"**{caveat}**", summary.Markdown);
        Assert.EndsWith("\n" + caveat, summary.Verdict);
    }
}

public sealed class BundlingCaveatsTests
{
    private static SparseTokenRow Token(string layout, int token, double gbps, double? control, int readBytes, string state = "steady") => new()
    {
        Experiment = "bundling", Layout = layout, Token = token, EffectiveGBps = gbps, ControlGbps = control,
        ControlReadBytes = control is null ? null : readBytes, DeviceState = state,
    };

    [Fact]
    public void A_layout_reading_below_half_its_control_makes_the_bundling_ratio_not_a_flash_figure()
    {
        var rows = new List<SparseTokenRow>
        {
            Token("bundled", 5, 0.37, 0.75, 16384), Token("bundled", 6, 0.29, 0.74, 16384), Token("bundled", 7, 0.33, 0.66, 16384),
            Token("separate", 5, 0.47, 0.50, 8192), Token("separate", 6, 0.46, 0.52, 8192), Token("separate", 7, 0.43, 0.48, 8192),
        };

        var caveat = Assert.Single(HeadlineCaveats.Bundling(rows));

        Assert.Equal("bundling separate ÷ bundled (bundled read 0.33 GB/s, 0.49× its I/O control read right after each token (0.74 GB/s at 16 KiB reads): its file was colder below the guest than the control's, or the loader stalled)", caveat);
    }

    [Fact]
    public void A_layout_reading_far_above_its_control_was_served_by_a_cache()
    {
        var rows = new List<SparseTokenRow>
        {
            Token("separate", 5, 1.20, 0.50, 8192), Token("separate", 6, 1.10, 0.55, 8192), Token("separate", 7, 0.95, 0.50, 8192),
            Token("bundled", 5, 0.80, 0.75, 16384),
        };

        Assert.Equal("bundling separate ÷ bundled (separate read 1.10 GB/s, 2.00× its I/O control read right after each token (0.50 GB/s at 8 KiB reads): a cache below the guest served its reads)",
            Assert.Single(HeadlineCaveats.Bundling(rows)));
    }

    [Fact]
    public void Layouts_within_their_controls_or_without_controls_have_no_caveat()
    {
        var rows = new List<SparseTokenRow>
        {
            Token("bundled", 5, 0.70, 0.75, 16384), Token("bundled", 6, 0.52, 0.80, 16384),  // 0.93, 0.65: within
            Token("separate", 5, 0.05, null, 8192),                                          // no control: not judged
        };

        Assert.Empty(HeadlineCaveats.Bundling(rows));
    }

    [Fact]
    public void The_bundling_caveat_joins_table_2_s_under_the_verdict()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Create(Path.Combine(temp.Path, "results"), "suite");
        CsvFiles.Write(run.Result(Table2Row.FileName), new List<Table2Row>
        {
            new() { Model = "opt-6.7b", Config = "naive", PaperLabel = "Naive", ThroughputGbps = 1.0, CurveGbps = 2.0, BytesPerRead = 1 << 20 },
            new() { Model = "opt-6.7b", Config = "all", PaperLabel = "All", ThroughputGbps = 2.5, CurveGbps = 1.2, BytesPerRead = 16384 },
        });
        CsvFiles.Write(run.Result(HeadlineCaveats.BundlingCsv), new List<SparseTokenRow>
        {
            Token("bundled", 5, 0.30, 0.75, 16384),
            Token("bundled", 6, 0.05, 0.75, 16384, state: "degraded"), // left out, as from every figure
            Token("separate", 5, 0.45, 0.50, 8192),
        });

        string? caveat = HeadlineCaveats.Of(run);

        Assert.Equal("headline ratio not a flash figure: opt-6.7b Naive → All I/O (All read 2.50 GB/s, 2.1× the cold curve at 16 KiB reads: a cache below the guest served its re-reads); "
            + "bundling separate ÷ bundled (bundled read 0.30 GB/s, 0.40× its I/O control read right after each token (0.75 GB/s at 16 KiB reads): its file was colder below the guest than the control's, or the loader stalled)", caveat);
        Assert.EndsWith("\n" + caveat, DeviceSummary.Build(run).Verdict);
    }
}

public sealed class Table2AboveControlTests
{
    [Fact]
    public void A_side_reading_far_above_its_own_control_is_named_even_within_the_cold_curve()
    {
        var rows = new List<Table2Row>
        {
            new() { Model = "opt-6.7b", Config = "naive", PaperLabel = "Naive", ThroughputGbps = 1.81, DeviceGbps = 1.81, ControlGbps = 0.84, CurveGbps = 1.43, BytesPerRead = 1 << 20 },
            new() { Model = "opt-6.7b", Config = "all", PaperLabel = "All", ThroughputGbps = 0.85, DeviceGbps = 0.85, ControlGbps = 0.144, CurveGbps = 0.88, BytesPerRead = 16384 },
        };

        Assert.True(rows[1].AboveControl);
        Assert.True(rows[0].AboveControl); // 2.15×: both ends named, Naive first
        Assert.Equal("headline ratio not a flash figure: opt-6.7b Naive → All I/O (Naive read 1.81 GB/s, 2.15× its I/O control read right after it (0.84 GB/s): a cache below the guest served its re-reads; "
            + "All read 0.85 GB/s, 5.90× its I/O control read right after it (0.14 GB/s): a cache below the guest served its re-reads)", HeadlineCaveats.Of(rows));
    }
}
