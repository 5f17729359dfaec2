using FlashBench.Core.Inference.Predictor;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace FlashBench.Tests.Inference;

/// <summary>The rank-r fit recovers a planted low-rank activation structure: neuron i is active when
/// (x·P·Q)_i &gt; 0 for random P (d × r), Q (r × d_ff). Held-out precision and recall must be high at the
/// planted rank, and a rank-1 fit must do clearly worse (so the test can tell a fit from a guess).</summary>
public sealed class PredictorFitTests
{
    private const int DModel = 32, DFf = 96, Rank = 6;

    [Fact]
    public void Recovers_planted_low_rank_structure()
    {
        var (trainX, trainActive) = Sample(600, seed: 1);
        var (testX, testActive) = Sample(300, seed: 2);
        var predictor = PredictorFit.Fit(trainX, trainActive, DFf, Rank);
        var quality = PredictorFit.Evaluate(predictor, testX, testActive);
        Assert.Equal(Rank, predictor.Rank);
        Assert.True(quality.Recall > 0.85, $"recall {quality.Recall:0.000}");
        Assert.True(quality.Precision > 0.85, $"precision {quality.Precision:0.000}");

        var tooLow = PredictorFit.Evaluate(PredictorFit.Fit(trainX, trainActive, DFf, 1), testX, testActive);
        Assert.True(tooLow.Recall + tooLow.Precision < quality.Recall + quality.Precision - 0.1,
            $"rank 1: P {tooLow.Precision:0.000} R {tooLow.Recall:0.000}; rank {Rank}: P {quality.Precision:0.000} R {quality.Recall:0.000}");
    }

    [Fact]
    public void Half_precision_predictor_agrees_with_the_fitted_factors()
    {
        var (x, active) = Sample(400, seed: 3);
        var fitted = PredictorFit.Fit(x, active, DFf, Rank);
        var half = fitted.ToHalf();
        var low = x * fitted.A.Transpose();
        for (int t = 0; t < low.RowCount; t++)
            low.SetRow(t, low.Row(t) + fitted.C);
        var exact = low * fitted.B.Transpose();
        var scores = new float[DFf];
        var predicted = new List<int>();
        int agree = 0, total = 0;
        for (int t = 0; t < 50; t++)
        {
            half.Predict(x.Row(t).Select(v => (float)v).ToArray(), scores, predicted);
            for (int i = 0; i < DFf; i++, total++)
                agree += predicted.Contains(i) == exact[t, i] > 0 ? 1 : 0;
        }
        Assert.True(agree >= 0.97 * total, $"{agree} of {total} decisions agree");
    }

    private static (Matrix<double> X, IReadOnlyList<IReadOnlyCollection<int>> Active) Sample(int n, int seed)
    {
        var planted = new Random(42);
        var p = Matrix<double>.Build.Random(DModel, Rank, new Normal(0, 1, planted));
        var q = Matrix<double>.Build.Random(Rank, DFf, new Normal(0, 1, planted));
        var x = Matrix<double>.Build.Random(n, DModel, new Normal(0, 1, new Random(seed)));
        var pre = x * p * q / Math.Sqrt(DModel * Rank);
        var active = Enumerable.Range(0, n)
            .Select(t => (IReadOnlyCollection<int>)Enumerable.Range(0, DFf).Where(i => pre[t, i] > 0).ToList())
            .ToList();
        return (x, active);
    }
}
