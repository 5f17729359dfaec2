using System.Globalization;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Models;
using FlashBench.Core.Weights;

namespace FlashBench.Core.Inference.Projection;

/// <summary>Projects per-token latency and tokens/s for a model shape at a precision on this machine from what a
/// latency run measured: I/O = the bytes the engine's reads would move (FlashBench's file layout, padding included)
/// ÷ the median throughput curve at the loaders' thread count, read at the mean read size; compute = the weights the
/// kernels stream (attention, the predictor's true rank mix, the FFN rows computed, the down rows the ReLU keeps, the
/// LM head) × the engine's measured fp16 ns per weight for that configuration, × the measured int8 ÷ fp16 kernel ratio
/// for int8; memory = rows loaded × the measured ns per row weight. Precisions without a kernel (fp32, int4, 3.5-bit)
/// get I/O but no compute ("not measured"): compute is not scaled by bits/16, which the kernels do not follow.
/// Configurations: naive, hybrid and all (the paper's Table 3 rows: with the run's own rates and curve they reproduce
/// the run's Table 3) and resident (whole model in DRAM, computed densely at Naive's rate).</summary>
public static class TokensPerSecondProjection
{
    /// <summary>An assumed shape for Apple's ≈ 3 B on-device model (June 2024: grouped-query attention, shared
    /// 49K embedding); layer count and widths are not published and are chosen to give ≈ 3 B weights.</summary>
    public static readonly ModelShape Apple3B = new()
    {
        Name = "apple-3b-assumed", PaperName = "Apple-3B",
        Layers = 26, DModel = 3072, DFf = 8192, Heads = 24, KvHeads = 8, Vocab = 49152, GatedFfn = true,
        PaperWindow = 4, PaperDramFraction = 0.5,
        PredictorRank = _ => 256,
    };

    public static readonly string[] Configs = ["naive", "hybrid", "all", "resident"];

    /// <summary>The chunk of dense reads, as the engine's (<see cref="EngineSetup.DenseChunkBytes"/>).</summary>
    public const int DenseChunkBytes = 1 << 20;

    public static IEnumerable<ProjectionRow> Project(IEnumerable<ModelShape> shapes, IEnumerable<Precision> precisions, IoCurve curve, MeasuredRates rates) =>
        Project(shapes, precisions, curve, rates, KernelRates.None);

    public static IEnumerable<ProjectionRow> Project(IEnumerable<ModelShape> shapes, IEnumerable<Precision> precisions, IoCurve curve, MeasuredRates rates, KernelRates kernels)
    {
        var precisionList = precisions.ToList();
        foreach (var shape in shapes)
        {
            foreach (var precision in precisionList)
            {
                foreach (string config in Configs)
                    yield return Row(shape, precision, config, curve, rates, kernels);
            }
        }
    }

    public static ProjectionRow Row(ModelShape shape, Precision precision, string config, IoCurve curve, MeasuredRates rates) =>
        Row(shape, precision, config, curve, rates, KernelRates.None);

    public static ProjectionRow Row(ModelShape shape, Precision precision, string config, IoCurve curve, MeasuredRates rates, KernelRates kernels)
    {
        string rateConfig = config == "resident" ? "naive" : config;
        var r = rates.For(shape.Name, rateConfig) ?? rates.For(shape.Name, config == "resident" ? "hybrid" : rateConfig);
        if (r is null)
            return NotMeasured(shape, precision, config, $"nothing: the run measured no '{rateConfig}' rows");
        double bytesPerWeight = precision.BitsPerWeight / 8;
        int layers = shape.Layers;
        long attention = shape.AttentionWeightsPerLayer;
        long predictor = DramPlan.PredictorWeights(shape);
        long head = shape.EmbeddingWeights;
        var separate = WeightFileFormat.IsSupported(precision) ? new WeightFileFormat(shape, precision, WeightLayout.Separate) : null;
        var bundled = WeightFileFormat.IsSupported(precision) ? new WeightFileFormat(shape, precision, WeightLayout.Bundled) : null;
        var planner = new DenseReadPlanner(DenseChunkBytes);
        var layout = Kernels.NeuronRowLayout.Of(shape);

        double flashWeights, readBytes, reads, computedRows, dramWeights, memoryWeights = 0;
        double streamed;
        string reading;
        switch (config)
        {
            case "naive":
            {
                long block = RoundUp((long)Math.Ceiling(attention * bytesPerWeight), 4096);
                var a = planner.AttentionCost(block);
                var f = DenseFfn(planner, separate, shape, shape.DFf, bytesPerWeight);
                flashWeights = (double)layers * (attention + shape.FfnWeightsPerLayer);
                readBytes = (double)layers * (a.Bytes + f.Bytes);
                reads = (double)layers * (a.Reads + f.Reads);
                computedRows = shape.DFf;
                dramWeights = 0;
                reading = "every weight read per token in ≤ 1 MiB dense reads";
                break;
            }
            case "hybrid":
            {
                int resident = DramPlan.HybridResidentNeurons(shape, shape.PaperDramFraction);
                var f = DenseFfn(planner, separate, shape, shape.DFf - resident, bytesPerWeight);
                flashWeights = (double)layers * (shape.DFf - resident) * shape.WeightsPerNeuron;
                readBytes = (double)layers * f.Bytes;
                reads = (double)layers * f.Reads;
                computedRows = shape.DFf;
                dramWeights = shape.PaperDramFraction * shape.TotalWeights;
                reading = string.Create(CultureInfo.InvariantCulture, $"attention + {resident / (double)shape.DFf:P0} of FFN resident, the rest read per token in ≤ 1 MiB dense reads");
                break;
            }
            case "all":
            {
                double loaded = r.LoadedFraction * shape.DFf;
                flashWeights = layers * loaded * shape.WeightsPerNeuron;
                readBytes = layers * loaded * (bundled?.NeuronReadBytes ?? shape.WeightsPerNeuron * bytesPerWeight);
                reads = layers * loaded;
                computedRows = r.ComputedFraction * shape.DFf;
                memoryWeights = flashWeights;
                dramWeights = (double)layers * attention + head + predictor + layers * computedRows * shape.WeightsPerNeuron;
                reading = string.Create(CultureInfo.InvariantCulture,
                    $"predictor + window + bundles: {r.LoadedFraction:P1} of FFN read per token (one read per neuron), {r.ComputedFraction:P1} held and computed");
                break;
            }
            case "resident":
                flashWeights = readBytes = reads = 0;
                computedRows = shape.DFf;
                dramWeights = shape.TotalWeights;
                reading = "whole model in DRAM, no flash";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(config), config);
        }
        streamed = (double)layers * attention + (config == "all" ? predictor : 0)
            + layers * (computedRows * shape.DModel + r.KeptFraction * computedRows * (layout.Matrices - 1) * shape.DModel);

        long readSize = reads > 0 ? (long)Math.Round(readBytes / reads) : 0;
        double throughput = readSize > 0 ? curve.ThroughputGbps(readSize) : 0;
        double io = readBytes > 0 ? readBytes / (throughput * 1e9) * 1000 : 0;
        double? scale = kernels.ScaleFromFp16(precision);
        double headNs = double.IsNaN(r.HeadNsPerWeight) ? 0 : r.HeadNsPerWeight;
        double compute = scale is { } s ? (streamed * r.ComputeNsPerWeight + head * headNs) * s / 1e6 : double.NaN;
        // the §3.3 manager copies rows: its time follows the bytes copied
        double memory = memoryWeights * r.MemoryNsPerRowWeight * (precision.BitsPerWeight / 16) / 1e6;
        double total = io + memory + compute;

        string kernel = precision == Precision.Fp16
            ? string.Create(CultureInfo.InvariantCulture, $"compute: the engine's fp16 kernels, {r.ComputeNsPerWeight:0.####} ns per weight streamed ({r.Model}/{r.Config}){(headNs > 0 ? string.Create(CultureInfo.InvariantCulture, $", LM head {headNs:0.####} ns/weight") : "")}")
            : scale is { } k
                ? string.Create(CultureInfo.InvariantCulture, $"compute: the engine's fp16 rate × the {precision.Name}/fp16 kernel ratio {k:0.###} ({kernels.For(precision)!.Source}; fp16 {kernels.For(Precision.Fp16)!.Source})")
                : $"compute: NOT MEASURED (no {precision.Name} kernel)";
        string measured = $"I/O: {curve.Source}, at {readSize} B per read; {kernel}"
            + (memoryWeights > 0 ? string.Create(CultureInfo.InvariantCulture, $"; memory: {r.MemoryNsPerRowWeight:0.####} ns per row weight loaded") : "")
            + (config == "all" ? $"; FFN fractions: the run's trace ({r.Model}/{r.Config})" : "");
        string assumed = $"{reading}; weights laid out as FlashBench's files ({(separate is null ? "no padding" : "512/4096-byte padding for O_DIRECT")}); "
            + "the paper's DRAM budget; the LM head over the tied embedding, resident"
            + (precision == Precision.Fp16 ? "" : scale is null ? "" : $"; {precision.Name} compute of attention, predictor, FFN and head scales like the matrix-vector kernel")
            + (memoryWeights > 0 && precision != Precision.Fp16 ? "; memory management time scales with row bytes" : "")
            + (r.Model == "*" ? "; rates pooled over the run's models (this shape was not run)" : "");
        return new ProjectionRow
        {
            Model = shape.Name,
            ParamsBillions = shape.TotalWeights / 1e9,
            Precision = precision.Name,
            BitsPerWeight = precision.BitsPerWeight,
            Config = config,
            ModelGb = shape.TotalWeights * bytesPerWeight / 1e9,
            DramGb = dramWeights * bytesPerWeight / 1e9,
            FlashGbPerToken = flashWeights * bytesPerWeight / 1e9,
            ReadGbPerToken = readBytes / 1e9,
            ReadBytes = readSize,
            ThroughputGbps = throughput,
            IoMs = io,
            MemoryMs = memory,
            ComputeMs = compute,
            TotalMs = total,
            TokensPerSecond = 1000 / total,
            Reaches30 = 1000 / total >= 30,
            ComputeMeasured = scale is not null,
            Measured = measured,
            Assumed = assumed,
            Basis = $"measured: {measured} | assumed: {assumed}",
        };
    }

    private static ProjectionRow NotMeasured(ModelShape shape, Precision precision, string config, string measured) => new()
    {
        Model = shape.Name,
        ParamsBillions = shape.TotalWeights / 1e9,
        Precision = precision.Name,
        BitsPerWeight = precision.BitsPerWeight,
        Config = config,
        ModelGb = shape.TotalWeights * precision.BitsPerWeight / 8 / 1e9,
        DramGb = double.NaN,
        FlashGbPerToken = double.NaN,
        ReadGbPerToken = double.NaN,
        ThroughputGbps = double.NaN,
        IoMs = double.NaN,
        MemoryMs = double.NaN,
        ComputeMs = double.NaN,
        TotalMs = double.NaN,
        TokensPerSecond = double.NaN,
        Measured = measured,
        Basis = $"measured: {measured}",
    };

    /// <summary>Bytes and reads of a dense read of <paramref name="count"/> neurons of one layer: the engine's planner on
    /// the precision's file format, or the unpadded bytes in 1 MiB reads where FlashBench has no file format.</summary>
    private static (long Bytes, long Reads) DenseFfn(DenseReadPlanner planner, WeightFileFormat? format, ModelShape shape, int count, double bytesPerWeight)
    {
        if (format is not null)
            return planner.NeuronsCost(format, count);
        long bytes = (long)Math.Ceiling((double)count * shape.WeightsPerNeuron * bytesPerWeight);
        return (bytes, (bytes + DenseChunkBytes - 1) / DenseChunkBytes);
    }

    private static long RoundUp(long value, long multiple) => (value + multiple - 1) / multiple * multiple;
}
