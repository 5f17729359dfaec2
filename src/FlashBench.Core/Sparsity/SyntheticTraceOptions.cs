namespace FlashBench.Core.Sparsity;

/// <summary>The knobs of the synthetic trace, calibrated to OPT 6.7B in "LLM in a flash" §3.1.
/// Persistence, recall and the popularity exponent were tuned (by simulation) so that with a window of
/// k = 5 the increment per token is about 2.4 % of the FFN and the cached union about 24 %.</summary>
public sealed record SyntheticTraceOptions
{
    public int Tokens { get; init; } = 64;
    public int Seed { get; init; } = 2312_11514;
    public LayerActivityProfile Activity { get; init; } = LayerActivityProfile.OptTable6;
    /// <summary>|predicted| / |active|: the predictor over-predicts about 3x (OPT, §3.1).</summary>
    public double OverPrediction { get; init; } = 3.0;
    /// <summary>Share of truly active neurons the predictor misses (OPT: 5 %).</summary>
    public double FalseNegativeRate { get; init; } = 0.05;
    /// <summary>Chance that a neuron predicted for token t is predicted again for token t+1.</summary>
    public double Persistence { get; init; } = 0.4;
    /// <summary>Chance that a newly predicted neuron is one predicted in the last <see cref="RecallTokens"/>
    /// tokens (but not the previous): neurons flicker back, which is why s_agg grows sub-linearly (Fig. 4a).</summary>
    public double Recall { get; init; } = 0.4;
    public int RecallTokens { get; init; } = 4;
    /// <summary>Neuron popularity ∝ (rank + 1)^-exponent within a layer (a power law; ranks shuffled per layer).</summary>
    public double PopularityExponent { get; init; } = 0.5;

    public void Validate()
    {
        if (Tokens < 1)
            throw new ArgumentOutOfRangeException(nameof(Tokens), "a trace needs at least one token");
        if (OverPrediction < 1 || FalseNegativeRate is < 0 or >= 1 || Persistence is < 0 or > 1 || Recall is < 0 or > 1
            || RecallTokens < 1 || PopularityExponent < 0)
            throw new ArgumentOutOfRangeException(nameof(OverPrediction), "synthetic trace options out of range");
    }
}
