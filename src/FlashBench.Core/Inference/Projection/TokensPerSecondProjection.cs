using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Projection;

/// <summary>Projects per-token latency and tokens/s for a model shape at a precision on this machine, from
/// the measured I/O curve and the measured rates. Assumptions (stated in every row's basis): CPU matrix-vector
/// compute is bandwidth-bound, so its time scales with the bytes of weights touched (bits/16 of the fp16
/// measurement; dequantisation cost ignored); reads happen at the measured throughput for their size; the
/// trace fractions of the measured runs carry over; the flash configurations keep the paper's DRAM budget.</summary>
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

    public static IEnumerable<ProjectionRow> Project(IEnumerable<ModelShape> shapes, IEnumerable<Precision> precisions, IoCurve curve, MeasuredRates rates)
    {
        var precisionList = precisions.ToList();
        foreach (var shape in shapes)
        {
            foreach (var precision in precisionList)
            {
                foreach (string config in Configs)
                    yield return Row(shape, precision, config, curve, rates);
            }
        }
    }

    public static ProjectionRow Row(ModelShape shape, Precision precision, string config, IoCurve curve, MeasuredRates rates)
    {
        double bytesPerWeight = precision.BitsPerWeight / 8;
        double scale = precision.BitsPerWeight / 16;
        long modelWeights = shape.TotalWeights;
        long attention = shape.Layers * shape.AttentionWeightsPerLayer;
        long ffn = shape.Layers * shape.FfnWeightsPerLayer;
        long predictor = DramPlan.PredictorWeights(shape);
        double dram = shape.PaperDramFraction;
        const long denseChunk = 1 << 20;
        long bundle = (long)Math.Ceiling(shape.WeightsPerNeuron * bytesPerWeight);

        double flashWeights, touched, dramWeights, memoryWeights = 0;
        long readBytes;
        string basis;
        switch (config)
        {
            case "naive":
                flashWeights = modelWeights - shape.EmbeddingWeights;
                touched = attention + ffn;
                dramWeights = 0;
                readBytes = denseChunk;
                basis = "every weight read per token in 1 MiB reads; dense compute";
                break;
            case "hybrid":
                double resident = DramPlan.HybridFfnFraction(shape, dram);
                flashWeights = (1 - resident) * ffn;
                touched = attention + ffn;
                dramWeights = dram * modelWeights;
                readBytes = denseChunk;
                basis = $"attention + {resident:P0} of FFN resident, rest read per token in 1 MiB reads; dense compute";
                break;
            case "all":
                flashWeights = rates.NewFraction * ffn;
                touched = attention + predictor + rates.HeldFraction * ffn;
                dramWeights = attention + shape.EmbeddingWeights + predictor + rates.HeldFraction * ffn;
                memoryWeights = flashWeights;
                readBytes = bundle;
                basis = $"predictor + window + bundles: {rates.NewFraction:P1} of FFN new per token, {rates.HeldFraction:P0} held (measured trace)";
                break;
            case "resident":
                flashWeights = 0;
                touched = attention + ffn;
                dramWeights = modelWeights;
                readBytes = 0;
                basis = "whole model in DRAM, dense compute, no flash";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(config), config);
        }
        double flashBytes = flashWeights * bytesPerWeight;
        double throughput = readBytes > 0 ? curve.ThroughputGbps(readBytes) : 0;
        double io = flashBytes > 0 ? flashBytes / (throughput * 1e9) * 1000 : 0;
        double compute = touched * rates.ComputeNsPerWeight * scale / 1e6;
        double memory = memoryWeights * rates.MemoryNsPerRowWeight * scale / 1e6;
        double total = io + memory + compute;
        return new ProjectionRow
        {
            Model = shape.Name,
            ParamsBillions = modelWeights / 1e9,
            Precision = precision.Name,
            BitsPerWeight = precision.BitsPerWeight,
            Config = config,
            ModelGb = modelWeights * bytesPerWeight / 1e9,
            DramGb = dramWeights * bytesPerWeight / 1e9,
            FlashGbPerToken = flashBytes / 1e9,
            ReadBytes = readBytes,
            ThroughputGbps = throughput,
            IoMs = io,
            MemoryMs = memory,
            ComputeMs = compute,
            TotalMs = total,
            TokensPerSecond = 1000 / total,
            Reaches30 = 1000 / total >= 30,
            Basis = basis + $"; compute {rates.ComputeNsPerWeight:0.###} ns/weight at fp16 × bits/16; I/O curve: {curve.Source}",
        };
    }
}
