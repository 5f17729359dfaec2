using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Projection;

/// <summary>Rates measured by the latency runs (fp16 weights, this CPU) that the projection scales:
/// compute time per weight touched, memory-management time per row weight inserted, and the trace's
/// steady-state neuron fractions (new per token, held by the window, predicted).</summary>
public sealed record MeasuredRates(double ComputeNsPerWeight, double MemoryNsPerRowWeight, double NewFraction, double HeldFraction, double PredictedFraction)
{
    public static MeasuredRates From(IReadOnlyList<TokenRow> rows, IReadOnlyDictionary<string, ModelShape> shapes)
    {
        double computeMs = 0, weights = 0, memoryMs = 0, rowWeights = 0;
        double newSum = 0, heldSum = 0, windowRows = 0, predictedSum = 0, predictorRows = 0;
        foreach (var r in rows.Where(r => r.Phase == "steady" && r.Cache == "cold"))
        {
            if (!shapes.TryGetValue(r.Model, out var shape) || !InferenceConfigs.TryParse(r.Config, out var config))
                continue;
            double touched = (long)r.NeuronsComputed * shape.WeightsPerNeuron + shape.AttentionWeightsPerLayer
                + (config.UsesPredictor() ? (long)shape.PredictorRank(r.Layer) * (shape.DModel + shape.DFf) : 0);
            computeMs += r.ComputeMs;
            weights += touched;
            if (config.UsesWindow())
            {
                memoryMs += r.MemoryMs;
                rowWeights += (double)r.NeuronsLoaded * shape.WeightsPerNeuron;
                newSum += r.NeuronsLoaded / (double)shape.DFf;
                heldSum += r.NeuronsHeld / (double)shape.DFf;
                windowRows++;
            }
            if (config == InferenceConfig.Predictor)
            {
                predictedSum += r.NeuronsLoaded / (double)shape.DFf;
                predictorRows++;
            }
        }
        if (weights == 0)
            throw new InvalidOperationException("no cold steady-state token rows to derive compute rates from");
        return new MeasuredRates(
            computeMs * 1e6 / weights,
            rowWeights > 0 ? memoryMs * 1e6 / rowWeights : 0,
            windowRows > 0 ? newSum / windowRows : 0.024,
            windowRows > 0 ? heldSum / windowRows : 0.24,
            predictorRows > 0 ? predictedSum / predictorRows : 0.10);
    }
}
