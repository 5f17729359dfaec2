using FlashBench.Core.Models;
using FlashBench.Core.Sparsity;
using Xunit.Abstractions;

namespace FlashBench.Tests.Sparse;

/// <summary>The synthetic trace matches the paper's OPT 6.7B figures (§3.1, Table 6) within stated tolerances.</summary>
public sealed class CalibrationTests(ITestOutputHelper output)
{
    private static readonly Lazy<TraceStatistics> OptStats = new(() =>
        TraceStatistics.Compute(SyntheticTraceGenerator.Generate(ModelShapes.Opt6_7B, new SyntheticTraceOptions { Tokens = 48 })));

    [Fact]
    public void Active_fraction_rises_with_depth_as_in_table_6()
    {
        var stats = OptStats.Value;
        output.WriteLine($"first {stats.LayerStats[0].ActiveFraction:P2} middle {stats.LayerStats[15].ActiveFraction:P2} last {stats.LayerStats[31].ActiveFraction:P2} mean {stats.MeanActiveFraction:P2}");
        Assert.InRange(stats.LayerStats[0].ActiveFraction, 0.0146, 0.0166);   // 1.56 % ± 0.1
        Assert.InRange(stats.LayerStats[15].ActiveFraction, 0.0256, 0.0276);  // 2.66 % ± 0.1
        Assert.InRange(stats.LayerStats[31].ActiveFraction, 0.0526, 0.0546);  // 5.36 % ± 0.1
        Assert.InRange(stats.MeanActiveFraction, 0.0320, 0.0340);             // 3.30 % ± 0.1
        for (int layer = 1; layer < stats.Layers; layer++)
            Assert.True(stats.LayerStats[layer].ActiveFraction >= stats.LayerStats[layer - 1].ActiveFraction - 0.001);
    }

    [Fact]
    public void Predictor_over_predicts_3x_with_5_percent_false_negatives()
    {
        var stats = OptStats.Value;
        output.WriteLine($"over-prediction {stats.OverPrediction:0.00}x, false negatives {stats.FalseNegativeRate:P2}, predicted {stats.MeanPredictedFraction:P2}");
        Assert.InRange(stats.OverPrediction, 2.8, 3.2);
        Assert.InRange(stats.FalseNegativeRate, 0.04, 0.06);
        Assert.InRange(stats.MeanPredictedFraction, 0.09, 0.11); // "predicted-active alone ≈ 10 % of FFN"
    }

    [Fact]
    public void Window_of_5_loads_about_2_4_percent_and_caches_about_24_percent()
    {
        var stats = OptStats.Value;
        foreach (int k in new[] { 1, 2, 4, 5, 8, 16, 30 })
            output.WriteLine($"k={k}: s_agg {stats.SAgg(k):P2} increment {stats.Increment(k):P2}");
        output.WriteLine($"popularity exponent {stats.PopularityExponent:0.00}");
        Assert.InRange(stats.Increment(5), 0.020, 0.028); // 2.4 % ± 0.4
        Assert.InRange(stats.SAgg(5), 0.21, 0.27);        // 24 % ± 3
        for (int k = 2; k <= 16; k++)
        {
            Assert.True(stats.SAgg(k) > stats.SAgg(k - 1));               // the union grows …
            Assert.True(stats.Increment(k) <= stats.Increment(k - 1) + 1e-3); // … ever more slowly (Fig. 4a)
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_trace_and_another_seed_does_not()
    {
        var shape = ModelShapes.Tiny;
        var a = SyntheticTraceGenerator.Generate(shape, new SyntheticTraceOptions { Tokens = 8, Seed = 7 });
        var b = SyntheticTraceGenerator.Generate(shape, new SyntheticTraceOptions { Tokens = 8, Seed = 7 });
        var c = SyntheticTraceGenerator.Generate(shape, new SyntheticTraceOptions { Tokens = 8, Seed = 8 });
        bool allEqual = true, anyDifferent = false;
        for (int t = 0; t < 8; t++)
        {
            for (int l = 0; l < shape.Layers; l++)
            {
                allEqual &= a.Predicted(t, l).Equals(b.Predicted(t, l)) && a.Active(t, l).Equals(b.Active(t, l));
                anyDifferent |= !a.Predicted(t, l).Equals(c.Predicted(t, l));
            }
        }
        Assert.True(allEqual);
        Assert.True(anyDifferent);
    }
}
