using FlashBench.Core.Models;
using FlashBench.Core.Sparsity;
using MathNet.Numerics.LinearAlgebra;

namespace FlashBench.Core.Inference.Predictor;

/// <summary>Fits and evaluates the §3.1 predictor of each layer from an imported trace and its hidden states:
/// the first 80 % of the tokens train (<see cref="PredictorFit"/>), the last 20 % are held out for precision,
/// recall and over-prediction. A chronological split, not a random one: held-out tokens come later in the
/// generated text, as they would for a predictor trained offline and used on new text.</summary>
public static class TracePredictorFit
{
    public const double TrainFraction = 0.8;

    public const string Method = "reduced-rank least squares (MathNet QR + SVD)";

    /// <summary>Training and held-out token counts for a trace of <paramref name="tokens"/> tokens.</summary>
    public static (int Train, int Test) Split(int tokens)
    {
        if (tokens < 3)
            throw new InvalidDataException($"fitting the predictor needs at least 3 tokens (2 to train, 1 held out); the trace has {tokens}");
        int train = Math.Clamp((int)Math.Floor(tokens * TrainFraction), 2, tokens - 1);
        return (train, tokens - train);
    }

    /// <summary>The rank fitted for a requested rank: at most d_model, d_ff and train tokens − 1 (more
    /// directions than that cannot be estimated from the training tokens).</summary>
    public static int CappedRank(int requested, int dModel, int dFf, int trainTokens) =>
        Math.Max(1, Math.Min(requested, Math.Min(Math.Min(dModel, dFf), trainTokens - 1)));

    /// <summary>Checks that <paramref name="hidden"/> belongs to <paramref name="trace"/> and to a model of width
    /// <paramref name="dModel"/>; throws a one-line <see cref="InvalidDataException"/> otherwise.</summary>
    public static void CheckMatches(HiddenStateFile.Header hidden, string hiddenName, ActivationTrace trace, int dModel)
    {
        if (hidden.Layers != trace.Layers || hidden.Tokens != trace.Tokens)
            throw new InvalidDataException($"{hiddenName}: {hidden.Layers} layers × {hidden.Tokens} tokens, but the trace {trace.Source} has {trace.Layers} layers × {trace.Tokens} tokens");
        if (hidden.DModel != dModel)
            throw new InvalidDataException($"{hiddenName}: d_model {hidden.DModel}, but the model has d_model {dModel}");
    }

    /// <summary>Fits trace layer <c>traceLayers[s]</c> for model layer <c>modelLayers[s]</c>, at the shape's rank for that layer.</summary>
    public static IEnumerable<LayerFit> Fit(ActivationTrace trace, HiddenStates hidden, ModelShape shape,
        IReadOnlyList<int> traceLayers, IReadOnlyList<int> modelLayers)
    {
        if (traceLayers.Count != modelLayers.Count)
            throw new ArgumentException("one model layer per trace layer");
        if (hidden.Tokens != trace.Tokens)
            throw new ArgumentException($"{hidden.Tokens} hidden-state tokens, {trace.Tokens} trace tokens");
        var (train, test) = Split(trace.Tokens);
        for (int s = 0; s < traceLayers.Count; s++)
        {
            int layer = traceLayers[s];
            var x = Matrix<double>.Build.Dense(trace.Tokens, hidden.DModel);
            for (int t = 0; t < trace.Tokens; t++)
            {
                var vector = hidden.Vector(t, layer);
                for (int i = 0; i < vector.Length; i++)
                    x[t, i] = vector[i];
            }
            var active = Enumerable.Range(0, trace.Tokens)
                .Select(t => (IReadOnlyCollection<int>)trace.Active(t, layer).AsEnumerable().ToHashSet())
                .ToList();
            yield return FitLayer(modelLayers[s], x, active, trace.NeuronsPerLayer, shape.PredictorRank(modelLayers[s]), train);
        }
    }

    /// <summary>Fits on rows 0…<paramref name="train"/>−1 of <paramref name="hidden"/> (tokens × d_model) and evaluates on the rest.</summary>
    public static LayerFit FitLayer(int layer, Matrix<double> hidden, IReadOnlyList<IReadOnlyCollection<int>> active, int dFf, int requestedRank, int train)
    {
        int tokens = hidden.RowCount;
        if (train < 2 || train >= tokens)
            throw new ArgumentOutOfRangeException(nameof(train), $"{train} training tokens of {tokens}: need at least 2 and one held out");
        int rank = CappedRank(requestedRank, hidden.ColumnCount, dFf, train);
        var predictor = PredictorFit.Fit(hidden.SubMatrix(0, train, 0, hidden.ColumnCount), active.Take(train).ToList(), dFf, rank);
        var quality = PredictorFit.Evaluate(predictor, hidden.SubMatrix(train, tokens - train, 0, hidden.ColumnCount), active.Skip(train).ToList());
        return new LayerFit(layer, rank, requestedRank, train, tokens - train, quality);
    }
}
