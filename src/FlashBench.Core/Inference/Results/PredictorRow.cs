using CsvHelper.Configuration.Attributes;
using FlashBench.Core.Inference.Predictor;
using FlashBench.Core.Models;
using FlashBench.Core.Sparsity;

namespace FlashBench.Core.Inference.Results;

/// <summary>One row of predictor.csv: the predictor's rank and cost for a layer, and the precision/recall of the
/// predicted sets the run loaded against the truly active ones. On synthetic traces the accuracy is the trace's
/// (calibrated to §3.1: ≈ 3× over-prediction, 5 % false negatives); source says which.</summary>
public sealed class PredictorRow
{
    public const string FileName = "predictor.csv";

    [Name("model")] public string Model { get; set; } = "";
    [Name("layer")] public int Layer { get; set; }
    [Name("rank")] public int Rank { get; set; }
    [Name("predictor_weights")] public long PredictorWeights { get; set; }
    [Name("ffn_weights")] public long FfnWeights { get; set; }
    [Name("precision")] public double Precision { get; set; }
    [Name("recall")] public double Recall { get; set; }
    [Name("predicted_fraction")] public double PredictedFraction { get; set; }
    [Name("active_fraction")] public double ActiveFraction { get; set; }
    [Name("source")] public string Source { get; set; } = "";

    /// <summary>Rows for the run's layers (slot s of the trace = layer <paramref name="layers"/>[s]).</summary>
    public static IEnumerable<PredictorRow> FromTrace(string model, ModelShape shape, IReadOnlyList<int> layers, ActivationTrace trace, int tokens)
    {
        for (int slot = 0; slot < layers.Count; slot++)
        {
            int s = slot;
            var pairs = Enumerable.Range(0, tokens)
                .Select(t => ((IReadOnlyCollection<int>)trace.Predicted(t, s).AsEnumerable().ToList(), (IReadOnlyCollection<int>)trace.Active(t, s).AsEnumerable().ToHashSet()))
                .ToList();
            var quality = PredictionQuality.Of(pairs);
            int rank = shape.PredictorRank(layers[slot]);
            yield return new PredictorRow
            {
                Model = model,
                Layer = layers[slot],
                Rank = rank,
                PredictorWeights = (long)rank * (shape.DModel + shape.DFf),
                FfnWeights = shape.FfnWeightsPerLayer,
                Precision = quality.Precision,
                Recall = quality.Recall,
                PredictedFraction = pairs.Average(p => p.Item1.Count) / shape.DFf,
                ActiveFraction = pairs.Average(p => p.Item2.Count) / shape.DFf,
                Source = $"trace {trace.Source} (predictor cost real, accuracy the trace's)",
            };
        }
    }
}
