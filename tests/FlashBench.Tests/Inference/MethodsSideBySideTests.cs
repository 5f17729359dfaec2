using FlashBench.Core.Inference.Results;
using FlashBench.Core.Pairing;
using FlashBench.Reporting.Charts;

namespace FlashBench.Tests.Inference;

/// <summary>latency --method A,B: Tables 2 and 3 are the first method's, and Table 2 carries the second method's I/O beside
/// it, the ratio paired by token; a run that read one way has no such columns.</summary>
public sealed class MethodsSideBySideTests
{
    private static double DirectIo(int iteration, int token) => 20 + token + iteration;

    private static double RingIo(int iteration, int token) => (20 + token + iteration) / (1.2 + 0.01 * token);

    private static List<TokenRow> Rows(string first, string second) =>
    [
        .. PairedTablesTests.Rows("naive", (i, t) => 100 + t, first), .. PairedTablesTests.Rows("all", first == "direct" ? DirectIo : RingIo, first),
        .. PairedTablesTests.Rows("naive", (i, t) => 90 + t, second), .. PairedTablesTests.Rows("all", second == "direct" ? DirectIo : RingIo, second),
    ];

    [Fact]
    public void The_tables_are_the_first_methods_and_the_second_stands_beside_it_paired_by_token()
    {
        var (table2, table3) = LatencyTables.Build(Rows("direct", "io_uring"), PairedTablesTests.Models(), primaryMethod: "direct");

        Assert.Equal(2, table2.Count); // one row per configuration, not per method
        Assert.All(table2, r => Assert.Equal("direct", r.ReadMethod));
        Assert.All(table3, r => Assert.Equal("direct", r.ReadMethod));
        var all = table2.Single(r => r.Config == "all");
        Assert.Equal("io_uring", all.AltReadMethod);
        var steady = from i in Enumerable.Range(0, 2) from t in Enumerable.Range(2, 4) select (i, t);
        var expected = PairedRatio.OfRatios(steady.Select(k => DirectIo(k.i, k.t) / RingIo(k.i, k.t)).ToList())!;
        Assert.Equal(expected.Median, all.AltIoRatio!.Value, 12);
        Assert.Equal(8, all.AltIoRatioPairs);
        Assert.Equal(steady.Average(k => RingIo(k.i, k.t)), all.AltIoMs!.Value, 9);
        Assert.Equal(steady.Average(k => DirectIo(k.i, k.t)), all.IoMs, 9);
        // Naive ÷ All stays within the first method's rows
        Assert.Equal(PairedRatio.OfRatios(steady.Select(k => (100.0 + k.t) / DirectIo(k.i, k.t)).ToList())!.Median, all.IoRatio!.Value, 12);

        var markdown = LatencyReport.MethodsTable(table2)!;
        Assert.Contains("direct I/O ms", markdown);
        Assert.Contains("io_uring I/O ms", markdown);
    }

    [Fact]
    public void The_primary_method_decides_which_side_the_tables_are()
    {
        var (table2, _) = LatencyTables.Build(Rows("io_uring", "direct"), PairedTablesTests.Models(), primaryMethod: "io_uring");

        var all = table2.Single(r => r.Config == "all");
        Assert.Equal("io_uring", all.ReadMethod);
        Assert.Equal("direct", all.AltReadMethod);
        Assert.True(all.AltIoRatio < 1); // io_uring's I/O ÷ direct's: the ring is the faster side here
    }

    [Fact]
    public void A_run_that_read_one_way_has_no_side_by_side()
    {
        var (table2, _) = LatencyTables.Build(PairedTablesTests.Rows("all", DirectIo).ToList(), PairedTablesTests.Models());

        Assert.All(table2, r => Assert.Equal("", r.AltReadMethod));
        Assert.All(table2, r => Assert.Null(r.AltIoMs));
        Assert.Null(LatencyReport.MethodsTable(table2));
    }
}
