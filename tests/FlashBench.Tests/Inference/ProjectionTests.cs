using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Projection;
using FlashBench.Core.Models;

namespace FlashBench.Tests.Inference;

/// <summary>The projection's arithmetic: I/O = bytes ÷ curve throughput at the read size, compute scales with
/// bits per weight, and the DRAM plan keeps Hybrid within its budget.</summary>
public sealed class ProjectionTests
{
    private static readonly IoCurve Curve = new([(4096, 0.5), (1 << 20, 2.0)], "test");
    private static readonly MeasuredRates Rates = new(ComputeNsPerWeight: 0.5, MemoryNsPerRowWeight: 0.1, NewFraction: 0.024, HeldFraction: 0.24, PredictedFraction: 0.1);

    [Fact]
    public void Curve_interpolates_in_log_size_and_clamps_outside()
    {
        Assert.Equal(0.5, Curve.ThroughputGbps(512));
        Assert.Equal(2.0, Curve.ThroughputGbps(8 << 20));
        Assert.Equal(1.25, Curve.ThroughputGbps(65536), 6); // 64 KiB is half-way between 4 KiB and 1 MiB in log size
    }

    [Fact]
    public void Naive_io_is_model_bytes_over_dense_throughput()
    {
        var shape = ModelShapes.Opt6_7B;
        var row = TokensPerSecondProjection.Row(shape, Precision.Fp16, "naive", Curve, Rates);
        double bytes = (shape.TotalWeights - shape.EmbeddingWeights) * 2.0;
        Assert.Equal(bytes / 2.0e9 * 1000, row.IoMs, 6);
        var int4 = TokensPerSecondProjection.Row(shape, Precision.Int4, "naive", Curve, Rates);
        Assert.Equal(row.IoMs / 4, int4.IoMs, 6);
        Assert.Equal(row.ComputeMs / 4, int4.ComputeMs, 6);
    }

    [Fact]
    public void Hybrid_keeps_the_dram_budget()
    {
        foreach (var shape in ModelShapes.PaperModels)
        {
            long held = DramPlan.HeldWeights(shape, InferenceConfig.Hybrid, shape.PaperDramFraction, 0);
            Assert.InRange(held, 0.9 * shape.PaperDramFraction * shape.TotalWeights, shape.PaperDramFraction * shape.TotalWeights);
        }
    }
}
