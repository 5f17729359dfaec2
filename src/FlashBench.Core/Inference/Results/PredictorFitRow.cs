using CsvHelper.Configuration.Attributes;
using FlashBench.Core.Inference.Predictor;

namespace FlashBench.Core.Inference.Results;

/// <summary>One row of predictor_fit.csv: a layer's §3.1 predictor fitted on an imported trace's hidden states
/// (first 80 % of the tokens) and evaluated on the held-out rest. rank &lt; requested_rank when the rank was
/// capped at min(d_model, d_ff, train tokens − 1).</summary>
public sealed class PredictorFitRow
{
    public const string FileName = "predictor_fit.csv";

    [Name("model")] public string Model { get; set; } = "";
    [Name("layer")] public int Layer { get; set; }
    [Name("rank")] public int Rank { get; set; }
    [Name("requested_rank")] public int RequestedRank { get; set; }
    [Name("train_tokens")] public int TrainTokens { get; set; }
    [Name("test_tokens")] public int TestTokens { get; set; }
    [Name("precision")] public double Precision { get; set; }
    [Name("recall")] public double Recall { get; set; }
    [Name("over_prediction")] public double OverPrediction { get; set; }
    [Name("method")] public string Method { get; set; } = "";
    [Name("source")] public string Source { get; set; } = "";

    public static PredictorFitRow From(string model, LayerFit fit, string source) => new()
    {
        Model = model,
        Layer = fit.Layer,
        Rank = fit.Rank,
        RequestedRank = fit.RequestedRank,
        TrainTokens = fit.TrainTokens,
        TestTokens = fit.TestTokens,
        Precision = fit.Quality.Precision,
        Recall = fit.Quality.Recall,
        OverPrediction = fit.Quality.OverPrediction,
        Method = TracePredictorFit.Method,
        Source = source,
    };
}
