using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Planning;

/// <summary>A synthetic predicted-active trace calibrated to the paper's OPT 6.7B figures, used when no
/// trace from the sparse branch is supplied: the predicted fraction per layer is 3× the active fraction of
/// Table 6 (1.56 % at the first layer rising linearly to 5.36 % at the last; §3.1 says the predictor
/// over-predicts about 3×, ≈ 10 % of the FFN per token), and each neuron follows a two-state Markov chain
/// whose persistence is solved so that windowing with k tokens loads 24 % of a token's predicted set as new
/// (§3.1: 2.4 % of the FFN per token with ≈ 10 % predicted).</summary>
public sealed class MarkovActivationTrace : IActivationTrace
{
    public const double NewShareAtWindow = 0.24;

    private readonly int[][][] _predicted; // [layer][token] → neurons

    public MarkovActivationTrace(ModelShape shape, IReadOnlyList<int> layers, int tokens, int window, int seed)
    {
        DFf = shape.DFf;
        Tokens = tokens;
        _predicted = new int[shape.Layers][][];
        foreach (int layer in layers)
        {
            double fraction = PredictedFraction(shape, layer);
            double stay = SolveStay(fraction, window, NewShareAtWindow);
            _predicted[layer] = Generate(shape.DFf, tokens, fraction, stay, new Random(HashCode.Combine(seed, layer)));
        }
        Source = $"synthetic Markov trace (predicted fraction 3× Table 6, {NewShareAtWindow:P0} new at k={window}; seed {seed})";
    }

    public string Source { get; }
    public int DFf { get; }
    public int Tokens { get; }

    public IReadOnlyList<int> Predicted(int layer, int token) =>
        (_predicted[layer] ?? throw new ArgumentOutOfRangeException(nameof(layer), $"layer {layer} was not generated"))[token];

    public IReadOnlyList<int>? Actual(int layer, int token) => null;

    /// <summary>3 × Table 6's active fraction, linear in depth from 1.56 % to 5.36 %.</summary>
    public static double PredictedFraction(ModelShape shape, int layer)
    {
        double depth = shape.Layers == 1 ? 0 : layer / (double)(shape.Layers - 1);
        return 3 * (0.0156 + (0.0536 - 0.0156) * depth);
    }

    /// <summary>P(on→on) such that P(on now, off for the k previous tokens) = share · π.</summary>
    public static double SolveStay(double pi, int window, double share)
    {
        double lo = 0, hi = 0.999;
        for (int i = 0; i < 60; i++)
        {
            double a = (lo + hi) / 2;
            double b = pi * (1 - a) / (1 - pi);
            double newShare = (1 - a) * Math.Pow(1 - b, window - 1);
            if (newShare > share)
                lo = a;
            else
                hi = a;
        }
        return (lo + hi) / 2;
    }

    private static int[][] Generate(int neurons, int tokens, double pi, double stay, Random random)
    {
        double turnOn = pi * (1 - stay) / (1 - pi);
        var on = new bool[neurons];
        for (int i = 0; i < neurons; i++)
            on[i] = random.NextDouble() < pi;
        var result = new int[tokens][];
        var current = new List<int>();
        for (int t = 0; t < tokens; t++)
        {
            current.Clear();
            for (int i = 0; i < neurons; i++)
            {
                on[i] = random.NextDouble() < (on[i] ? stay : turnOn);
                if (on[i])
                    current.Add(i);
            }
            result[t] = [.. current];
        }
        return result;
    }
}
