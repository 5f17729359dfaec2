using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Planning;

/// <summary>What each configuration keeps in DRAM (paper Table 2's "DRAM" column), for the full model.
/// Hybrid keeps attention and embeddings plus as many FFN neurons as fit the budget (half the model;
/// Phi-2 65 %); the predictor configurations keep attention, embeddings and the predictor, and the window
/// configurations add the §3.3 neuron matrices.</summary>
public static class DramPlan
{
    /// <summary>Share of each layer's FFN neurons the Hybrid configuration keeps resident.</summary>
    public static double HybridFfnFraction(ModelShape shape, double dramFraction)
    {
        double budget = dramFraction * shape.TotalWeights;
        double fixedPart = (double)shape.Layers * shape.AttentionWeightsPerLayer + shape.EmbeddingWeights;
        return Math.Clamp((budget - fixedPart) / ((double)shape.Layers * shape.FfnWeightsPerLayer), 0, 1);
    }

    public static int HybridResidentNeurons(ModelShape shape, double dramFraction) =>
        (int)Math.Floor(HybridFfnFraction(shape, dramFraction) * shape.DFf);

    public static long PredictorWeights(ModelShape shape) =>
        Enumerable.Range(0, shape.Layers).Sum(l => (long)shape.PredictorRank(l) * (shape.DModel + shape.DFf));

    /// <summary>Weights held in DRAM by <paramref name="config"/>; <paramref name="meanHeldNeurons"/> is the mean
    /// number of neurons per layer held by the window (Windowing, All).</summary>
    public static long HeldWeights(ModelShape shape, InferenceConfig config, double dramFraction, double meanHeldNeurons)
    {
        long attentionAndEmbedding = shape.Layers * shape.AttentionWeightsPerLayer + shape.EmbeddingWeights;
        return config switch
        {
            InferenceConfig.Naive => 0,
            InferenceConfig.Hybrid => attentionAndEmbedding + (long)HybridResidentNeurons(shape, dramFraction) * shape.WeightsPerNeuron * shape.Layers,
            InferenceConfig.Predictor => attentionAndEmbedding + PredictorWeights(shape),
            _ => attentionAndEmbedding + PredictorWeights(shape) + (long)(meanHeldNeurons * shape.WeightsPerNeuron * shape.Layers),
        };
    }
}
