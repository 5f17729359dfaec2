using FlashBench.Core.Results;
using FlashBench.Reporting;
using FlashBench.Reporting.Charts;
using static FlashBench.Tests.Reporting.SparseRowsFixture;

namespace FlashBench.Tests.Reporting;

public sealed class SparsePairsTests
{
    [Fact]
    public void Pairs_rows_of_the_same_pass_and_token()
    {
        // the io_ms of each row encodes its pass and token, so a pair shows which rows it joined
        var rows = (from pass in new[] { 0, 1 }
                    from token in new[] { 0, 1, 2 }
                    from layout in new[] { "bundled", "separate" }
                    select Row(pass, token, (layout == "separate" ? 1000 : 2000) + 10 * pass + token, layout)).Reverse().ToList();

        var pairs = SparsePairs.Pair(rows, r => r.Layout == "separate", r => r.Layout == "bundled", r => r.IoMs);

        Assert.Equal([(1000, 2000), (1001, 2001), (1002, 2002), (1010, 2010), (1011, 2011), (1012, 2012)], pairs);
    }

    [Fact]
    public void Rows_that_do_not_count_unmatched_tokens_and_ambiguous_rows_are_not_paired()
    {
        var rows = new List<SparseTokenRow>
        {
            Row(0, 0, 20, "separate"), Row(0, 0, 10, "bundled"),
            Row(0, 1, 99, "separate", deviceState: DeviceStates.Degraded), Row(0, 1, 10, "bundled"),
            Row(0, 2, 20, "separate"),                                     // its bundled side is missing
            Row(1, 0, 20, "separate"), Row(1, 0, 10, "bundled"), Row(1, 0, 10, "bundled"), // pass 1, token 0 twice on one side
            Row(1, 1, 30, "separate", deviceState: DeviceStates.Unwatched), Row(1, 1, 10, "bundled", deviceState: ""),
        };

        var pairs = SparsePairs.Pair(rows, r => r.Layout == "separate", r => r.Layout == "bundled", r => r.IoMs);

        Assert.Equal([(20, 10), (30, 10)], pairs);
    }

    [Fact]
    public void Bundling_ratio_is_separate_over_bundled_io_time_and_reads_like_the_headline()
    {
        var ratio = Assert.Single(SparsePairs.Bundling(Bundling(1.5, passes: 2, tokens: 5)));

        Assert.NotNull(ratio.Ratio);
        Assert.Equal(1.5, ratio.Ratio.Median, 9);
        Assert.Equal(10, ratio.Ratio.Pairs);
        Assert.StartsWith("bundling 1.50× [1.50–1.50] (", ratio.Line);
        Assert.EndsWith(", 10 pairs)", ratio.Line);
    }

    [Fact]
    public void Memory_ratio_divides_naive_by_slots_memory_time()
    {
        var rows = Enumerable.Range(0, 4).SelectMany(token => new[]
        {
            Row(0, token, ioMs: 10, manager: "naive", memoryMs: 40),
            Row(0, token, ioMs: 10, manager: "slots", memoryMs: 2),
        }).ToList();

        var ratio = Assert.Single(SparsePairs.Memory(rows));

        Assert.Equal(20, ratio.Ratio!.Median, 9);
        Assert.Equal(4, ratio.Ratio.Pairs);
    }

    [Fact]
    public void Windowing_has_one_ratio_per_window_against_k0()
    {
        var rows = (from token in Enumerable.Range(0, 3)
                    from k in new[] { 0, 2, 4 }
                    select Row(0, token, 100.0 / (1 + k), window: k)).ToList();

        var ratios = SparsePairs.Windowing(rows);

        Assert.Equal(["windowing (k = 2 ÷ k = 0)", "windowing (k = 4 ÷ k = 0)"], ratios.Select(r => r.Label));
        Assert.Equal(1 / 3.0, ratios[0].Ratio!.Median, 9);
        Assert.Equal(1 / 5.0, ratios[1].Ratio!.Median, 9);
        Assert.Empty(SparsePairs.Windowing(rows.Where(r => r.Window != 0).ToList()));
    }

    [Fact]
    public void Precision_divides_fp16_by_int8_and_int4()
    {
        var rows = (from token in Enumerable.Range(0, 3)
                    from p in new[] { ("fp16", 40.0), ("int8", 25.0), ("int4", 16.0) }
                    select Row(1, token, p.Item2, precision: p.Item1)).ToList();

        var ratios = SparsePairs.Precision(rows);

        Assert.Equal(["precision (fp16 ÷ int8)", "precision (fp16 ÷ int4)"], ratios.Select(r => r.Label));
        Assert.Equal(1.6, ratios[0].Ratio!.Median, 9);
        Assert.Equal(2.5, ratios[1].Ratio!.Median, 9);
    }

    [Fact]
    public void A_ratio_without_pairs_says_so()
    {
        var ratio = Assert.Single(SparsePairs.Bundling(Bundling(2).Where(r => r.Layout == "bundled").ToList()));

        Assert.Null(ratio.Ratio);
        Assert.StartsWith("bundling: no pairs", ratio.Line);
    }

    [Fact]
    public void Bundling_section_shows_its_paired_ratio_and_names_it_for_the_readme()
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Create(Path.Combine(temp.Path, "results"), "pairs");
        CsvFiles.Write(run.Result("bundling.csv"), Bundling(2, passes: 2, tokens: 5));

        var section = new BundlingReport("bundling", "bundling.csv").Build(run);

        Assert.Contains("- bundling 2.00× [2.00–2.00] (", section.Markdown);
        Assert.Contains("bundling", section.Tables!.Keys);
        Assert.Contains("| bundling | 2.00× | 2.00–2.00 |", section.Tables["bundling-ratios"]);
    }

    [Theory]
    [InlineData("windowing", "windowing (k = 4 ÷ k = 0) 0.50×")]
    [InlineData("bundling", "bundling 2.00×")]
    [InlineData("memory", "memory (naive ÷ slots) 2.00×")]
    [InlineData("precision", "precision (fp16 ÷ int8) 2.00×")]
    public void Every_sparse_section_leaves_out_degraded_rows_and_names_its_ratios(string experiment, string headline)
    {
        using var temp = new TempDirectory();
        var run = RunDirectory.Create(Path.Combine(temp.Path, "results"), experiment);
        Func<int, int, SparseTokenRow> side = experiment switch
        {
            "windowing" => (s, token) => Row(0, token, s == 0 ? 20 : 10, window: s == 0 ? 0 : 4),
            "bundling" => (s, token) => Row(0, token, s == 0 ? 20 : 10, s == 0 ? "separate" : "bundled"),
            "memory" => (s, token) => Row(0, token, 10, manager: s == 0 ? "naive" : "slots", memoryMs: s == 0 ? 4 : 2),
            _ => (s, token) => Row(0, token, s == 0 ? 20 : 10, precision: s == 0 ? "fp16" : "int8"),
        };
        var rows = Enumerable.Range(0, 6).SelectMany(token => new[] { side(0, token), side(1, token) }).ToList();
        rows.Add(Row(0, 6, 5000, window: 99, deviceState: DeviceStates.Degraded));
        CsvFiles.Write(run.Result($"{experiment}.csv"), rows);
        IExperimentReport report = experiment switch
        {
            "windowing" => new WindowingReport(experiment, $"{experiment}.csv"),
            "bundling" => new BundlingReport(experiment, $"{experiment}.csv"),
            "memory" => new MemoryReport(experiment, $"{experiment}.csv"),
            _ => new PrecisionReport(experiment, $"{experiment}.csv"),
        };

        var section = report.Build(run);

        Assert.Contains("1 row measured while the device was outside its steady band is left out (device_cases.csv).", section.Markdown);
        Assert.DoesNotContain("5000", section.Markdown);
        Assert.DoesNotContain("99", section.Tables![experiment]);
        Assert.Contains($"- {headline}", section.Markdown);
        Assert.Contains(experiment + "-ratios", section.Tables.Keys);
    }
}
