namespace FlashBench.Core.Inference.Predictor;

/// <summary>One layer's predictor fitted on a trace's first tokens and evaluated on the rest.</summary>
/// <param name="Layer">The model layer.</param>
/// <param name="Rank">The rank fitted: <paramref name="RequestedRank"/> capped at min(d_model, d_ff, train tokens − 1).</param>
/// <param name="RequestedRank">The model shape's predictor rank for the layer (§3.1).</param>
public sealed record LayerFit(int Layer, int Rank, int RequestedRank, int TrainTokens, int TestTokens, PredictionQuality Quality)
{
    public bool RankCapped => Rank < RequestedRank;
}
