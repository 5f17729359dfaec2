using FlashBench.Core.Inference.Results;
using FlashBench.Core.Models;
using FlashBench.Core.Pairing;
using FlashBench.Core.Results;
using MathNet.Numerics.Statistics;

namespace FlashBench.Tests.Inference;

/// <summary>Tables 2 and 3 from interleaved rows: the ratios to Naive are medians of per-token ratios that pair the same
/// iteration and the same steady token; rows whose device state does not count are left out of both sides; Table 3's
/// figures are medians over steady tokens with their spread.</summary>
public sealed class PairedTablesTests
{
    private const int Window = 2;
    private const int Tokens = 6;

    [Fact]
    public void Ratios_pair_the_same_iteration_and_steady_token()
    {
        var rows = Rows("naive", NaiveIo).Concat(Rows("all", AllIo)).ToList();
        var (table2, table3) = LatencyTables.Build(rows, Models());

        var pairs = Steady().Select(k => NaiveIo(k.Iteration, k.Token) / AllIo(k.Iteration, k.Token)).ToList();
        var expected = PairedRatio.OfRatios(pairs)!;
        var all2 = table2.Single(r => r.Config == "all");
        Assert.Equal(expected.Median, all2.IoRatio!.Value, 12);
        Assert.Equal(expected.Lower, all2.IoRatioLower!.Value, 12);
        Assert.Equal(expected.Upper, all2.IoRatioUpper!.Value, 12);
        Assert.Equal(8, all2.IoRatioPairs); // 2 iterations × 4 steady tokens; the cold ones never pair
        Assert.Equal(1, table2.Single(r => r.Config == "naive").IoRatio!.Value, 12);

        // the total adds 1 ms of compute to every token on both sides: its pairs are (naive + 1) ÷ (all + 1)
        var totals = Steady().Select(k => (NaiveIo(k.Iteration, k.Token) + 1) / (AllIo(k.Iteration, k.Token) + 1)).ToList();
        Assert.Equal(totals.Median(), table3.Single(r => r.Config == "all").TotalRatio!.Value, 12);
        Assert.Equal(8, table3.Single(r => r.Config == "all").TotalRatioPairs);
    }

    [Fact]
    public void Non_counting_rows_and_unmatched_tokens_are_left_out()
    {
        var rows = Rows("naive", NaiveIo).Concat(Rows("all", AllIo)).ToList();
        // the device was degraded around naive's token 4 of iteration 1: that token, and so its pair, does not count
        foreach (var row in rows.Where(r => r.Config == "naive" && r.Iteration == 1 && r.Token == 4))
            row.DeviceState = DeviceStates.Degraded;
        // a third iteration only 'all' has: nothing to pair it with
        rows.AddRange(Rows("all", AllIo).Where(r => r.Iteration == 0).Select(r => { r.Iteration = 2; return r; }));
        var (table2, table3) = LatencyTables.Build(rows, Models());

        var kept = Steady().Where(k => k != (1, 4)).ToList();
        var expected = PairedRatio.OfRatios(kept.Select(k => NaiveIo(k.Iteration, k.Token) / AllIo(k.Iteration, k.Token)).ToList())!;
        var all2 = table2.Single(r => r.Config == "all");
        Assert.Equal(7, all2.IoRatioPairs);
        Assert.Equal(expected.Median, all2.IoRatio!.Value, 12);
        Assert.Equal(7, table3.Single(r => r.Config == "naive").SteadyTokens); // the degraded token is out of the medians too
        Assert.Equal(12, table3.Single(r => r.Config == "all").SteadyTokens);
        Assert.Equal(Steady().Where(k => k != (1, 4)).Select(k => NaiveIo(k.Iteration, k.Token) + 1).Median(),
            table3.Single(r => r.Config == "naive").TotalMs, 12);

        // without Naive there is nothing to divide
        var (withoutNaive, _) = LatencyTables.Build(Rows("all", AllIo).ToList(), Models());
        Assert.Null(withoutNaive.Single().IoRatio);
        Assert.Equal(LatencyTables.Counting(rows).Count, rows.Count - 2); // the degraded token's layer and LM head rows
    }

    [Fact]
    public void Table3_figures_are_medians_so_one_stalled_token_does_not_move_them()
    {
        var rows = Rows("all", (i, t) => t == 3 && i == 0 ? 1000 : 10).ToList();
        var all = LatencyTables.Build(rows, Models()).Table3.Single();
        Assert.Equal(10, all.IoMs, 12);
        Assert.Equal(11, all.TotalMs, 12);
        Assert.Equal(1, all.ComputeMs, 12);
        Assert.Equal(Table3Row.Quartiles, all.SpreadKind); // 8 steady tokens: the interquartile range
        Assert.Equal(10, all.IoLowMs!.Value, 12);
        Assert.True(all.IoHighMs < 1000); // the stall sits above the upper quartile
        Assert.True(all.IoMeanMs > 100); // while it moves the mean
        Assert.Equal(all.IoMeanMs, all.AtMeans().IoMs);

        var few = LatencyTables.Build(rows.Where(r => r.Iteration == 0 && r.Token <= 4).ToList(), Models()).Table3.Single();
        Assert.Equal(Table3Row.Range, few.SpreadKind); // 3 steady tokens: smallest and largest
        Assert.Equal((10.0, 10.0, 1000.0), (few.IoMs, few.IoLowMs!.Value, few.IoHighMs!.Value));
    }

    private static double NaiveIo(int iteration, int token) => 100 * (1 + token) + 7 * iteration;

    private static double AllIo(int iteration, int token) => (4 + token) * (1 + iteration);

    private static IEnumerable<(int Iteration, int Token)> Steady() =>
        from i in Enumerable.Range(0, 2) from t in Enumerable.Range(Window, Tokens - Window) select (i, t);

    internal static Dictionary<string, LatencyTables.ModelRun> Models() =>
        new() { ["opt-6.7b"] = new LatencyTables.ModelRun(ModelShapes.Opt6_7B, 0.5, "note") };

    /// <summary>Two iterations of <see cref="Tokens"/> tokens (the first <see cref="Window"/> cold): one layer standing for
    /// itself with <paramref name="io"/>(iteration, token) ms of I/O and 1 ms of compute, and an LM head row with none.</summary>
    internal static IEnumerable<TokenRow> Rows(string config, Func<int, int, double> io, string method = "direct")
    {
        for (int iteration = 0; iteration < 2; iteration++)
        {
            for (int token = 0; token < Tokens; token++)
            {
                string phase = token < Window ? TokenRow.ColdPhase : TokenRow.SteadyPhase;
                double ms = io(iteration, token);
                yield return new TokenRow
                {
                    Model = "opt-6.7b", Config = config, Precision = "fp16", Iteration = iteration, Token = token, Layer = 14, Phase = phase, Window = Window,
                    IoMs = ms, ComputeMs = 1, TotalMs = ms + 1, BytesLoaded = 1000, WeightBytesLoaded = 1000, Reads = 1, LayerWeight = 1,
                    LayersRun = 1, LayersModel = 32, ComputeThreads = 2, Cache = "cold", ReadMethod = method, DeviceState = DeviceStates.Steady,
                };
                yield return new TokenRow
                {
                    Model = "opt-6.7b", Config = config, Precision = "fp16", Iteration = iteration, Token = token, Layer = TokenRow.LmHeadLayer, Phase = phase,
                    Window = Window, LayerWeight = 1, LayersRun = 1, LayersModel = 32, ComputeThreads = 2, Cache = "cold", ReadMethod = method,
                    DeviceState = DeviceStates.Steady,
                };
            }
        }
    }
}
