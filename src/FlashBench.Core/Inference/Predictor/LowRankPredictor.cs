using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;

namespace FlashBench.Core.Inference.Predictor;

/// <summary>The paper's §3.1 predictor for one layer: score = B · (A · x + c) with A (rank × d_model) and
/// B (d_ff × rank) in fp16, c an optional rank-sized bias, x the layer's attention output; neuron i is
/// predicted active when score_i &gt; threshold.</summary>
public sealed class LowRankPredictor
{
    private readonly HalfMatrix _down; // A: rank × d_model
    private readonly HalfMatrix _up;   // B: d_ff × rank
    private readonly float[] _low;

    public LowRankPredictor(int dModel, int dFf, int rank, Half[] a, Half[] b, float threshold = 0)
    {
        if (a.Length != (long)rank * dModel || b.Length != (long)dFf * rank)
            throw new ArgumentException($"predictor factors must be {rank}×{dModel} and {dFf}×{rank}");
        DModel = dModel;
        DFf = dFf;
        Rank = rank;
        Threshold = threshold;
        // resident for the whole run: the subnormal corrections are built once, the products take the fast exact path
        _down = HalfMatrix.From(a, rank, dModel);
        _up = HalfMatrix.From(b, dFf, rank);
        _low = new float[rank];
    }

    public int DModel { get; }
    public int DFf { get; }
    public int Rank { get; }
    public float Threshold { get; }

    /// <summary>Bias added in the rank-r space (from a fit with an intercept); none for synthetic predictors.</summary>
    public float[]? LowBias { get; init; }

    public long Weights => (long)Rank * (DModel + DFf);

    /// <summary>Random factors from <see cref="SyntheticWeights"/>: real cost, no trained accuracy (synthetic traces supply the active set).</summary>
    public static LowRankPredictor Synthetic(int dModel, int dFf, int rank, ulong seed, int layer)
    {
        var a = new Half[(long)rank * dModel];
        var b = new Half[(long)dFf * rank];
        SyntheticWeights.Fill(a, SyntheticWeights.Stream(seed, layer, 100), 0, SyntheticWeights.ScaleFor(dModel));
        SyntheticWeights.Fill(b, SyntheticWeights.Stream(seed, layer, 101), 0, SyntheticWeights.ScaleFor(rank));
        return new LowRankPredictor(dModel, dFf, rank, a, b);
    }

    /// <summary>Writes the d_ff scores for <paramref name="x"/>; both products run on <paramref name="pool"/> when given.</summary>
    public void Score(ReadOnlySpan<float> x, Span<float> scores, ComputePool? pool = null)
    {
        HalfMatVec.Multiply(_down, x, _low, pool);
        if (LowBias is not null)
            System.Numerics.Tensors.TensorPrimitives.Add(_low, LowBias, _low);
        HalfMatVec.Multiply(_up, _low, scores, pool);
    }

    /// <summary>Indices of the neurons whose score exceeds the threshold, ascending.</summary>
    public int Predict(ReadOnlySpan<float> x, Span<float> scores, List<int> active)
    {
        Score(x, scores);
        active.Clear();
        for (int i = 0; i < DFf; i++)
        {
            if (scores[i] > Threshold)
                active.Add(i);
        }
        return active.Count;
    }
}
