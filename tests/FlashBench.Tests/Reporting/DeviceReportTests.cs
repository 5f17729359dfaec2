using System.Text.Json.Nodes;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Results;
using FlashBench.Reporting;
using FlashBench.Reporting.Charts;
using FlashBench.Reporting.Device;
using FlashBench.Reporting.Throughput;

namespace FlashBench.Tests.Reporting;

public sealed class DeviceReportTests
{
    private const string SlowedVerdict =
        "device slowed 27× at 14:23 UTC during bundling; 3 cases re-measured, 2 left marked; sections affected: windowing, memory";

    [Fact]
    public void Steady_run_gives_the_range_of_the_probes_after_settling()
    {
        var (probes, cases) = DeviceRunFiles.Steady();

        Assert.Equal("device steady: probes 612–701 MB/s", DeviceVerdict.Of(probes, cases));
    }

    [Fact]
    public void Slowed_run_names_when_and_how_much_and_counts_re_measured_and_marked_cases()
    {
        var (probes, cases) = DeviceRunFiles.Slowed();

        Assert.Equal(SlowedVerdict, DeviceVerdict.Of(probes, cases));
    }

    [Fact]
    public void Slowed_run_whose_every_slowed_case_was_re_measured_affects_no_section()
    {
        var (probes, cases) = DeviceRunFiles.Slowed();
        var remeasured = cases.Where(c => c.Experiment == "bundling").ToList();

        Assert.Equal("device slowed 27× at 14:23 UTC during bundling; 2 cases re-measured, 0 left marked; sections affected: none: every case measured while the device changed was re-measured",
            DeviceVerdict.Of(probes, remeasured));
    }

    [Fact]
    public void A_degraded_probe_no_case_was_judged_by_is_a_dip_of_a_steady_device()
    {
        var (probes, cases) = DeviceRunFiles.Steady();
        probes.Add(DeviceRunFiles.Probe(ProbeKinds.Boundary, 250, 130, 650, "bundling"));

        Assert.Equal("device steady: probes 612–701 MB/s; 1 single-probe dip to 130 MB/s, not confirmed by the probe after it", DeviceVerdict.Of(probes, cases));
    }

    [Fact]
    public void A_slowdown_only_a_case_s_own_reads_saw_is_named_by_its_reason()
    {
        var (probes, cases) = DeviceRunFiles.Steady();
        var slowed = cases.Single(c => c.Case == "fp16/separate/k05/slots");
        slowed.State = DeviceStates.Replaced;
        slowed.Reason = "slow token: read at 0.01 of its case's median rate";
        cases.Add(DeviceRunFiles.Case("bundling", "fp16/separate/k05/slots", 0, 1, 240, 300, DeviceStates.Steady));

        // the case ended 180 s into the run, which began at 14:00 UTC
        Assert.Equal("device slowed inside a case (slow token: read at 0.01 of its case's median rate) at 14:03 UTC during bundling; " +
            "1 case re-measured, 0 left marked; sections affected: none: every case measured while the device changed was re-measured", DeviceVerdict.Of(probes, cases));
    }

    [Fact]
    public void A_device_that_sped_up_inside_a_case_is_not_said_to_have_slowed()
    {
        // settled at 166 MB/s while the host wrote back the run's data, then rose to 409 MB/s inside a throughput case
        var probes = new List<DeviceProbeRow>
        {
            DeviceRunFiles.Probe(ProbeKinds.Settle, 0, 166, 166),
            DeviceRunFiles.Probe(ProbeKinds.Boundary, 31, 160, 166, "throughput", "io_uring 128K x1 qd32"),
            DeviceRunFiles.Probe(ProbeKinds.Boundary, 32, 409, 166, "throughput", "buffered 16K x32"),
        };
        var rose = DeviceRunFiles.Case("throughput", "io_uring 128K x1 qd32", 0, 0, 31, 32, DeviceStates.Replaced, before: 160, after: 409);
        rose.Reason = "probe";

        Assert.Equal("device sped up 2.6× inside a case (160 → 409 MB/s) at 14:00 UTC during throughput; 1 case re-measured, 0 left marked; " +
            "sections affected: none: every case measured while the device changed was re-measured",
            DeviceVerdict.Of(probes, [rose]));
    }

    [Fact]
    public void Device_that_never_settled_says_so_first()
    {
        var (probes, cases) = DeviceRunFiles.Steady();
        var settle = new DeviceSettle(Steady: false, WaitedSeconds: 120, MaxSeconds: 120, BaselineMBps: null);

        Assert.Equal("device never settled in 120 s; then steady: probes 612–701 MB/s", DeviceVerdict.Of(probes, cases, settle));
    }

    [Fact]
    public void Settle_facts_are_read_from_run_json_and_every_part_is_optional()
    {
        var full = DeviceSettle.From(JsonNode.Parse("""{"settle": {"steady": false, "waited_s": 90.5, "max_s": 120}, "baseline_mb_s": 640, "device_read_bytes": 12}""")!.AsObject());
        var empty = DeviceSettle.From(new JsonObject());

        Assert.Equal(new DeviceSettle(false, 90.5, 120, 640, 12, null), full);
        Assert.Equal(new DeviceSettle(null, null, null, null), empty);
    }

    [Fact]
    public void Run_that_predates_the_device_watch_is_reported_as_not_watched()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Open(Fixtures.CopyRun("run-small", temp.Path));

        var result = ReportGenerator.Generate(run, ExperimentCatalog.ReportParts);
        string[] lines = File.ReadAllLines(result.MarkdownPath);

        Assert.Equal(DeviceVerdict.NotWatched, result.Verdict);
        Assert.Equal($"**{DeviceVerdict.NotWatched}**", lines[2]);
        Assert.DoesNotContain(result.ChartFiles, f => Path.GetFileName(f).StartsWith(DeviceTimelineChart.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Report_opens_with_the_verdict_then_the_timeline_and_the_marked_cases_before_the_machine()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Create(Path.Combine(temp.Path, "results"), "slowed");
        var (probes, cases) = DeviceRunFiles.Slowed();
        DeviceRunFiles.Write(run, probes, cases);
        RunInfo.MarkCompleted(run);

        var result = ReportGenerator.Generate(run, ExperimentCatalog.ReportParts);
        string markdown = File.ReadAllText(result.MarkdownPath);
        string[] lines = markdown.Split('\n');

        Assert.Equal(SlowedVerdict, result.Verdict);
        Assert.Equal($"**{SlowedVerdict}**", lines[2]);
        int chart = markdown.IndexOf("device-timeline.png)", StringComparison.Ordinal);
        int marked = markdown.IndexOf("| windowing | fp16/bundled/k04/slots | 0 | 0.98 | 0.18 |", StringComparison.Ordinal);
        int memory = markdown.IndexOf("| memory | fp16/bundled/k05/naive | 0 | 0.28 | 0.31 |", StringComparison.Ordinal);
        int machine = markdown.IndexOf("## Machine", StringComparison.Ordinal);
        Assert.True(chart > 0 && marked > chart && memory > marked && machine > memory, markdown);
        Assert.DoesNotContain("| bundling |", markdown[..machine]); // re-measured cases are not left marked
        Assert.Contains(result.ChartFiles, f => f == run.Plot(DeviceTimelineChart.Name) + ".png");
    }

    [Fact]
    public void Timeline_chart_is_saved_as_png_and_svg()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Create(Path.Combine(temp.Path, "results"), "chart");
        var (probes, cases) = DeviceRunFiles.Slowed();

        var files = DeviceTimelineChart.Save(run, new DeviceRecord(probes, cases, null));

        Assert.Equal([run.Plot("device-timeline.png"), run.Plot("device-timeline.svg")], files);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 1000, $"{f} is nearly empty"));
        Assert.Contains("<svg", File.ReadAllText(files[1]));
    }

    [Fact]
    public void Degraded_rows_are_left_out_of_a_sparse_section_and_counted()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Create(Path.Combine(temp.Path, "results"), "sparse");
        var rows = SparseRowsFixture.Bundling(2, passes: 2, tokens: 5);
        foreach (var row in rows.Where(r => r.Pass == 1 && r.Layout == "bundled"))
        {
            row.DeviceState = DeviceStates.Degraded;
            row.IoMs = 9999;
        }
        CsvFiles.Write(run.Result("bundling.csv"), rows);

        var section = new BundlingReport("bundling", "bundling.csv").Build(run);

        Assert.Contains("5 rows measured while the device was outside its steady band are left out (device_cases.csv).", section.Markdown);
        Assert.DoesNotContain("9999", section.Markdown);
        Assert.Contains("| bundled | 100 | 64 | 6.6 | 12.0 |", section.Tables!["bundling"]); // median io_ms of pass 0's bundled tokens 10…14
        Assert.Contains("- bundling 2.00× [2.00–2.00] (94 %, 5 pairs)", section.Markdown); // pass 1 has no counting pairs
    }

    [Fact]
    public void Sparse_section_with_every_row_left_out_says_only_that()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Create(Path.Combine(temp.Path, "results"), "sparse");
        var rows = SparseRowsFixture.Bundling(2, passes: 1, tokens: 2);
        rows.ForEach(r => r.DeviceState = DeviceStates.Degraded);
        CsvFiles.Write(run.Result("bundling.csv"), rows);

        var section = new BundlingReport("bundling", "bundling.csv").Build(run);

        Assert.Equal("4 rows measured while the device was outside its steady band are left out (device_cases.csv).", section.Markdown);
        Assert.Empty(section.ChartFiles);
    }

    [Fact]
    public void Degraded_rows_are_left_out_of_the_throughput_section_and_counted()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Create(Path.Combine(temp.Path, "results"), "throughput");
        var rows = (from chunk in new[] { 4096, 65536 }
                    from pass in new[] { 0, 1, 2 }
                    select new ThroughputRow
                    {
                        Method = "direct", ReadPath = "O_DIRECT pread", ChunkBytes = chunk, Threads = 1, Pass = pass, Iteration = 0, Cache = "cold",
                        ThroughputMBps = pass == 2 ? 7.5 : chunk / 100.0, MeanMicros = 100, Reads = 1000, BytesRead = 1000L * chunk, Seconds = 1,
                        DeviceState = pass == 2 ? DeviceStates.Degraded : DeviceStates.Steady,
                    }).ToList();
        CsvFiles.Write(run.Result(ThroughputRow.FileName), rows);

        var section = new ThroughputReport("throughput").Build(run);

        Assert.Contains("2 rows measured while the device was outside its steady band are left out (device_cases.csv).", section.Markdown);
        Assert.DoesNotContain("7.5", section.Markdown);
    }
}
