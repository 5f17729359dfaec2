namespace FlashBench.Core.Inference.Predictor;

/// <summary>Precision and recall of predicted-active against truly active neurons, summed over tokens.
/// Recall misses are the paper's false negatives (§3.1: about 5 % for OPT); precision losses are extra loads.</summary>
public sealed record PredictionQuality(long TruePositives, long FalsePositives, long FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : TruePositives / (double)(TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : TruePositives / (double)(TruePositives + FalseNegatives);

    /// <summary>|predicted| / |active| summed over tokens (the paper's OPT predictor: about 3×); NaN with nothing active.</summary>
    public double OverPrediction => TruePositives + FalseNegatives == 0 ? double.NaN : (TruePositives + FalsePositives) / (double)(TruePositives + FalseNegatives);

    public static PredictionQuality Of(IEnumerable<(IReadOnlyCollection<int> Predicted, IReadOnlyCollection<int> Actual)> tokens)
    {
        long tp = 0, fp = 0, fn = 0;
        foreach (var (predicted, actual) in tokens)
        {
            var truth = actual as IReadOnlySet<int> ?? actual.ToHashSet();
            int hits = predicted.Count(truth.Contains);
            tp += hits;
            fp += predicted.Count - hits;
            fn += actual.Count - hits;
        }
        return new PredictionQuality(tp, fp, fn);
    }
}
