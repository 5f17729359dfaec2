using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Projection;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Tests.Inference;

/// <summary>The projection's arithmetic: the curve (median per size), I/O = the engine's read bytes ÷ the curve at the
/// mean read size, compute from measured kernels only (int8 by the measured int8/fp16 ratio, int4 not measured), and
/// a real run's own Table 3 rows reproduced from its own measured components.</summary>
public sealed class ProjectionTests(TinyInferenceFiles files) : IClassFixture<TinyInferenceFiles>
{
    private static readonly IoCurve Curve = new([(4096, 0.5), (1 << 20, 2.0)], "test");

    [Fact]
    public void Curve_interpolates_in_log_size_and_clamps_outside()
    {
        Assert.Equal(0.5, Curve.ThroughputGbps(512));
        Assert.Equal(2.0, Curve.ThroughputGbps(8 << 20));
        Assert.Equal(1.25, Curve.ThroughputGbps(65536), 6); // 64 KiB is half-way between 4 KiB and 1 MiB in log size
    }

    [Fact]
    public void Median_curve_takes_the_median_of_passes_per_size()
    {
        var curve = IoCurve.Median([(4096, 1.0), (4096, 3.0), (4096, 2.0), (8192, 4.0), (8192, 6.0)], threads: 32, "passes");
        Assert.Equal([(4096L, 2.0), (8192L, 5.0)], curve.Points);
        Assert.Contains("32 threads", curve.Source);
        Assert.Equal(3.0, new IoCurve([(4096, 1.0), (4096, 3.0)], "best").ThroughputGbps(4096));
    }

    [Fact]
    public void Naive_io_is_the_engines_read_bytes_over_the_curve_and_compute_follows_measured_kernels_only()
    {
        var shape = ModelShapes.Opt6_7B;
        var rates = Rates(computeNs: 0.5, headNs: 0.25, kept: 0.5);
        var kernels = new KernelRates([new KernelRate(Precision.Fp16, 20, 2, 256L << 20, "fp16 test"), new KernelRate(Precision.Int8, 15, 2, 128L << 20, "int8 test")]);
        var row = TokensPerSecondProjection.Row(shape, Precision.Fp16, "naive", Curve, rates, kernels);
        // OPT fp16: every part is 8 KiB (no padding) and every attention block a multiple of 4 KiB: read bytes = weight bytes
        double weightBytes = (shape.TotalWeights - shape.EmbeddingWeights) * 2.0;
        Assert.Equal(weightBytes / 1e9, row.FlashGbPerToken, 9);
        Assert.Equal(weightBytes / 1e9, row.ReadGbPerToken, 9);
        Assert.Equal(1 << 20, row.ReadBytes);
        Assert.Equal(weightBytes / 2.0e9 * 1000, row.IoMs, 6);
        double streamed = shape.Layers * (shape.AttentionWeightsPerLayer + shape.DFf * (double)shape.DModel * 1.5);
        Assert.Equal((streamed * 0.5 + shape.EmbeddingWeights * 0.25) / 1e6, row.ComputeMs, 6);
        Assert.True(row.ComputeMeasured);

        var int8 = TokensPerSecondProjection.Row(shape, Precision.Int8, "naive", Curve, rates, kernels);
        double ratio = (1 / 15.0) / (2 / 20.0); // ns per int8 weight ÷ ns per fp16 weight
        Assert.Equal(row.ComputeMs * ratio, int8.ComputeMs, 6);
        Assert.Contains("int8/fp16 kernel ratio", int8.Measured);

        var int4 = TokensPerSecondProjection.Row(shape, Precision.Int4, "naive", Curve, rates, kernels);
        Assert.False(int4.ComputeMeasured);
        Assert.True(double.IsNaN(int4.ComputeMs) && double.IsNaN(int4.TotalMs) && double.IsNaN(int4.TokensPerSecond));
        Assert.Contains("NOT MEASURED", int4.Measured);
        Assert.True(int4.IoMs > 0 && int4.IoMs < row.IoMs); // its I/O is still projected
        Assert.False(TokensPerSecondProjection.Row(shape, Precision.Palettized3_5, "all", Curve, rates, kernels).ComputeMeasured);
        Assert.False(TokensPerSecondProjection.Row(shape, Precision.Int8, "all", Curve, rates, KernelRates.None).ComputeMeasured);
    }

    [Fact]
    public void A_configuration_the_run_did_not_measure_is_projected_as_not_measured()
    {
        var onlyAll = new MeasuredRates(Rates(0.5, 0.25, 0.5).All.Where(r => r.Config == "all"));
        var row = TokensPerSecondProjection.Row(ModelShapes.Phi2, Precision.Fp16, "naive", Curve, onlyAll);
        Assert.False(row.ComputeMeasured);
        Assert.True(double.IsNaN(row.TotalMs));
        Assert.Contains("no 'naive' rows", row.Measured);
    }

    [Fact]
    public void Falcon_dense_reads_count_padding_apart_from_weights()
    {
        var row = TokensPerSecondProjection.Row(ModelShapes.Falcon7B, Precision.Fp16, "naive", Curve, Rates(0.5, 0.25, 0.5));
        Assert.True(row.ReadGbPerToken > 1.2 * row.FlashGbPerToken); // 9088-byte parts sit 12288 bytes apart
        Assert.Equal((ModelShapes.Falcon7B.TotalWeights - ModelShapes.Falcon7B.EmbeddingWeights) * 2 / 1e9, row.FlashGbPerToken, 9);
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

    [Fact]
    public void Reproduces_a_runs_own_table3_rows_from_its_own_measurements()
    {
        var (shapes, rows, table2, table3) = Measure(InferenceConfig.Naive, InferenceConfig.Hybrid, InferenceConfig.All);
        Assert.Equal(3, table2.Select(r => r.BytesPerRead).Distinct().Count()); // one curve point per configuration
        var curve = IoCurve.Median(table2.Select(r => (r.BytesPerRead, r.DeviceGbps)), files.Setup(InferenceConfig.All).Threads, "this run's Table 2");
        var checks = ProjectionSelfCheck.Compare(table3, shapes, _ => curve, MeasuredRates.From(rows, shapes), ProjectionCheck.CurveBasis);
        Assert.Equal(["naive", "hybrid", "all"], checks.Select(c => c.Config));
        foreach (var check in checks)
        {
            Assert.True(check.WithinTolerance, $"{check.Config}: projected {check.ProjectedTotalMs} ms vs measured {check.MeasuredTotalMs} ms");
            Assert.Equal(check.MeasuredComputeMs, check.ProjectedComputeMs, check.MeasuredComputeMs * 0.01);
            Assert.Equal(check.MeasuredIoMs, check.ProjectedIoMs, check.MeasuredIoMs * 0.01);
        }
    }

    [Fact]
    public void Each_row_is_projected_with_the_control_of_its_own_case()
    {
        var (shapes, rows, table2, table3) = Measure(InferenceConfig.Naive, InferenceConfig.All);
        var rates = MeasuredRates.From(rows, shapes);
        // each case's control: what its own reads reached, for 'all' twice that
        IoCurve ControlOf(Table3Row row)
        {
            var t2 = table2.Single(r => r.Config == row.Config);
            return IoCurve.Median([(t2.BytesPerRead, t2.DeviceGbps * (row.Config == "all" ? 2 : 1))], 4, $"control of {row.Config}");
        }
        var checks = ProjectionSelfCheck.Compare(table3, shapes, ControlOf, rates, ProjectionCheck.ControlBasis);
        var naive = checks.Single(c => c.Config == "naive");
        var all = checks.Single(c => c.Config == "all");
        Assert.All(checks, c => Assert.Equal(ProjectionCheck.ControlBasis, c.IoBasis));
        Assert.Equal(naive.MeasuredIoMs, naive.ProjectedIoMs, naive.MeasuredIoMs * 0.01);
        Assert.Equal(all.MeasuredIoMs / 2, all.ProjectedIoMs, all.MeasuredIoMs * 0.01);
        Assert.Contains("control of all", all.IoSource);
        Assert.Equal(all.ProjectedTotalMs / all.MeasuredTotalMs, all.Ratio, 12);
        Assert.Equal(Math.Abs(all.Ratio - 1) <= ProjectionCheck.Tolerance, all.WithinTolerance);

        // both bases at once: the case's own reads reproduce its I/O; its control (here the same rate) too
        foreach (var row in table2)
        {
            row.ControlGbps = row.DeviceGbps * 2;
            row.ControlReadBytes = (int)row.BytesPerRead;
        }
        var flat = new IoCurve([(4096, 1.0)], "a flat 1 GB/s");
        var every = ProjectionSelfCheck.AllBases(table3, table2, shapes, rates, flat, 4);
        Assert.Equal(6, every.Count);
        foreach (var check in every.Where(c => c.IoBasis == ProjectionCheck.CaseBasis))
            Assert.Equal(check.MeasuredIoMs, check.ProjectedIoMs, check.MeasuredIoMs * 0.01);
        foreach (var check in every.Where(c => c.IoBasis == ProjectionCheck.ControlBasis))
            Assert.Equal(check.MeasuredIoMs / 2, check.ProjectedIoMs, check.MeasuredIoMs * 0.01);
        foreach (var check in every.Where(c => c.IoBasis == ProjectionCheck.CurveBasis))
        {
            var t2 = table2.Single(r => r.Config == check.Config);
            Assert.Equal(t2.DeviceGbps * check.MeasuredIoMs, check.ProjectedIoMs, check.ProjectedIoMs * 0.01); // bytes ÷ 1 GB/s
            Assert.Equal(flat.Source, check.IoSource);
        }

        foreach (var row in table2)
            row.ControlGbps = null;
        Assert.DoesNotContain(ProjectionSelfCheck.AllBases(table3, table2, shapes, rates, flat, 4), c => c.IoBasis == ProjectionCheck.ControlBasis);
    }

    /// <summary>The tiny engine run once per configuration, and Tables 2 and 3 built from its tokens.</summary>
    private (Dictionary<string, ModelShape> Shapes, List<TokenRow> Rows, List<Table2Row> Table2, List<Table3Row> Table3) Measure(params InferenceConfig[] configs)
    {
        var shapes = new Dictionary<string, ModelShape> { [files.Shape.Name] = files.Shape };
        var rows = new List<TokenRow>();
        foreach (var config in configs)
        {
            var setup = files.Setup(config);
            using var engine = new TokenEngine(setup);
            engine.WarmUp(TimeSpan.Zero, maxRounds: 2);
            rows.AddRange(TokenRows.From(files.Shape.Name, setup, engine.ComputeThreads, 0, 0, engine.Method.Name(), engine.Generate()));
        }
        var models = new Dictionary<string, LatencyTables.ModelRun> { [files.Shape.Name] = new(files.Shape, files.Shape.PaperDramFraction, "test") };
        var (table2, table3) = LatencyTables.Build(rows, models);
        // the projection's rates are sums over tokens: the self-check compares Table 3 at its means, not its medians
        return (shapes, rows, table2, table3.Select(r => r.AtMeans()).ToList());
    }

    private static MeasuredRates Rates(double computeNs, double headNs, double kept) =>
        new(new[] { "naive", "hybrid", "all" }.Select(c => new ConfigRates
        {
            Model = "*", Config = c, ComputeNsPerWeight = computeNs, HeadNsPerWeight = headNs, KeptFraction = kept,
            MemoryNsPerRowWeight = 0.1, LoadedFraction = c == "all" ? 0.024 : 1, ComputedFraction = c == "all" ? 0.24 : 1,
            ComputeBytesMeasured = true, SteadyTokens = 1,
        }));
}
