using MathNet.Numerics;
using MathNet.Numerics.Statistics;

namespace FlashBench.Core.Sparsity;

/// <summary>What a trace looks like: per-layer activity, predictor quality, and s_agg(k), the share of the
/// FFN predicted in the last k tokens, with the increment per token a window of k leaves to load (§3.1, Fig. 4).</summary>
public sealed record TraceStatistics(
    string Source,
    int Tokens,
    int Layers,
    int NeuronsPerLayer,
    IReadOnlyList<TraceLayerStatistics> LayerStats,
    IReadOnlyList<TraceWindowStatistics> Windows,
    double PopularityExponent)
{
    public const int DefaultMaxWindow = 30;

    public double MeanActiveFraction => LayerStats.Select(l => l.ActiveFraction).Mean();
    public double MeanPredictedFraction => LayerStats.Select(l => l.PredictedFraction).Mean();
    public double FalseNegativeRate => LayerStats.Select(l => l.FalseNegativeRate).Mean();
    public double OverPrediction => MeanPredictedFraction / MeanActiveFraction;

    /// <summary>s_agg(k) as a fraction of the FFN (k ≥ 1), or NaN if the trace is too short.</summary>
    public double SAgg(int k) => Windows.FirstOrDefault(w => w.Window == k)?.SAggFraction ?? double.NaN;

    /// <summary>Neurons loaded per token with a window of k, as a fraction of the FFN (k = 0: the whole predicted set).</summary>
    public double Increment(int k) => k == 0 ? MeanPredictedFraction : Windows.FirstOrDefault(w => w.Window == k)?.IncrementFraction ?? double.NaN;

    public static TraceStatistics Compute(ActivationTrace trace, int maxWindow = DefaultMaxWindow)
    {
        int windows = Math.Min(maxWindow, trace.Tokens);
        var layerStats = new TraceLayerStatistics[trace.Layers];
        var sAgg = new double[trace.Layers, windows + 1];
        var increment = new double[trace.Layers, windows + 1];
        var exponents = new double[trace.Layers];
        System.Threading.Tasks.Parallel.For(0, trace.Layers, layer =>
        {
            layerStats[layer] = LayerActivity(trace, layer);
            WindowUnions(trace, layer, windows, sAgg, increment);
            exponents[layer] = PopularityFit(trace, layer);
        });
        var rows = new List<TraceWindowStatistics>();
        for (int k = 1; k <= windows; k++)
        {
            double s = Enumerable.Range(0, trace.Layers).Select(l => sAgg[l, k]).Mean();
            double inc = k < trace.Tokens ? Enumerable.Range(0, trace.Layers).Select(l => increment[l, k]).Mean() : double.NaN;
            rows.Add(new TraceWindowStatistics(k, s, inc));
        }
        return new TraceStatistics(trace.Source, trace.Tokens, trace.Layers, trace.NeuronsPerLayer, layerStats, rows,
            exponents.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Mean());
    }

    private static TraceLayerStatistics LayerActivity(ActivationTrace trace, int layer)
    {
        double d = trace.NeuronsPerLayer;
        var active = new List<double>();
        var predicted = new List<double>();
        long truths = 0, missed = 0;
        for (int t = 0; t < trace.Tokens; t++)
        {
            var a = trace.Active(t, layer);
            var p = trace.Predicted(t, layer);
            active.Add(a.Count / d);
            predicted.Add(p.Count / d);
            truths += a.Count;
            foreach (int id in a.Ids)
            {
                if (!p.Contains(id))
                    missed++;
            }
        }
        return new TraceLayerStatistics(layer, active.Mean(), predicted.Mean(), truths == 0 ? 0 : missed / (double)truths);
    }

    /// <summary>For each token t, walks back over tokens t, t−1, … accumulating the union of predicted sets:
    /// s_agg(k) at t is the union of tokens t−k+1…t; the increment at t is the part of P_t outside tokens t−k…t−1.</summary>
    private static void WindowUnions(ActivationTrace trace, int layer, int windows, double[,] sAgg, double[,] increment)
    {
        int d = trace.NeuronsPerLayer;
        var stamp = new int[d];
        var current = new int[d];
        var sAggSum = new double[windows + 1];
        var sAggCount = new int[windows + 1];
        var incSum = new double[windows + 1];
        var incCount = new int[windows + 1];
        int mark = 0;
        for (int t = 0; t < trace.Tokens; t++)
        {
            mark++;
            var now = trace.Predicted(t, layer);
            foreach (int id in now.Ids)
            {
                current[id] = mark;
                stamp[id] = mark;
            }
            int union = now.Count;
            int covered = 0; // members of P_t already seen in earlier tokens of the window
            sAggSum[1] += union;
            sAggCount[1]++;
            for (int k = 1; k <= windows && t - k >= 0; k++)
            {
                foreach (int id in trace.Predicted(t - k, layer).Ids)
                {
                    if (current[id] == mark && stamp[id] != -mark)
                    {
                        stamp[id] = -mark;
                        covered++;
                    }
                    else if (stamp[id] != mark && stamp[id] != -mark)
                    {
                        stamp[id] = mark;
                        union++;
                    }
                }
                incSum[k] += now.Count - covered;
                incCount[k]++;
                if (k + 1 <= windows)
                {
                    sAggSum[k + 1] += union;
                    sAggCount[k + 1]++;
                }
            }
        }
        for (int k = 1; k <= windows; k++)
        {
            sAgg[layer, k] = sAggCount[k] == 0 ? double.NaN : sAggSum[k] / sAggCount[k] / d;
            increment[layer, k] = incCount[k] == 0 ? double.NaN : incSum[k] / incCount[k] / d;
        }
    }

    /// <summary>Exponent of a power-law fit (MathNet) of how often each neuron is predicted vs its popularity rank.</summary>
    private static double PopularityFit(ActivationTrace trace, int layer)
    {
        var counts = new double[trace.NeuronsPerLayer];
        for (int t = 0; t < trace.Tokens; t++)
        {
            foreach (int id in trace.Predicted(t, layer).Ids)
                counts[id]++;
        }
        var sorted = counts.Where(c => c > 0).OrderDescending().ToArray();
        if (sorted.Length < 3)
            return double.NaN;
        var ranks = Enumerable.Range(1, sorted.Length).Select(r => (double)r).ToArray();
        var (_, b) = Fit.Power(ranks, sorted);
        return -b;
    }
}

public sealed record TraceLayerStatistics(int Layer, double ActiveFraction, double PredictedFraction, double FalseNegativeRate);

public sealed record TraceWindowStatistics(int Window, double SAggFraction, double IncrementFraction);
