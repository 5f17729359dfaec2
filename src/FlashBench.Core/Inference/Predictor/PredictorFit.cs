using MathNet.Numerics.LinearAlgebra;

namespace FlashBench.Core.Inference.Predictor;

/// <summary>Fits the §3.1 rank-r predictor from recorded (attention output, FFN activation) pairs by
/// reduced-rank regression: least squares W = argmin ‖X·W − Y‖ (QR), then the best rank-r fit of the
/// fitted values X·W through its truncated SVD Ŷ ≈ U Σ Vᵣᵀ, giving W_r = W·Vᵣ·Vᵣᵀ = Aᵀ·Bᵀ with
/// A = (W·Vᵣ)ᵀ (r × d_model) and B = Vᵣ (d_ff × r). The regression has an intercept (a column of ones), which
/// lands in the rank-r space as a bias c: score = B·(A·x + c). Targets are +1 for active, −1 for inactive, so the
/// decision threshold is 0. The paper trains with a balanced loss; least squares is the closed-form stand-in.</summary>
public static class PredictorFit
{
    public static FittedPredictor Fit(Matrix<double> hidden, IReadOnlyList<IReadOnlyCollection<int>> active, int dFf, int rank)
    {
        int n = hidden.RowCount;
        if (active.Count != n)
            throw new ArgumentException($"{n} hidden states but {active.Count} active sets");
        if (rank <= 0 || rank > Math.Min(hidden.ColumnCount, dFf))
            throw new ArgumentOutOfRangeException(nameof(rank), $"rank {rank} must be 1…min(d_model, d_ff)");
        var targets = Matrix<double>.Build.Dense(n, dFf, -1.0);
        for (int t = 0; t < n; t++)
        {
            foreach (int neuron in active[t])
                targets[t, neuron] = 1.0;
        }
        int d = hidden.ColumnCount;
        var design = hidden.Append(Matrix<double>.Build.Dense(n, 1, 1.0)); // intercept column
        var w = design.QR().Solve(targets);                 // (d_model + 1) × d_ff
        var fitted = design * w;                            // n × d_ff
        var svd = fitted.Svd(computeVectors: true);
        var vr = svd.VT.SubMatrix(0, rank, 0, dFf).Transpose(); // d_ff × r
        var projected = (w * vr).Transpose();               // r × (d_model + 1)
        return new FittedPredictor(projected.SubMatrix(0, rank, 0, d), projected.Column(d), vr);
    }

    /// <summary>Precision/recall of a fitted predictor on held-out (hidden, active) pairs.</summary>
    public static PredictionQuality Evaluate(FittedPredictor predictor, Matrix<double> hidden, IReadOnlyList<IReadOnlyCollection<int>> active)
    {
        var low = hidden * predictor.A.Transpose();
        for (int t = 0; t < low.RowCount; t++)
            low.SetRow(t, low.Row(t) + predictor.C);
        var scores = low * predictor.B.Transpose(); // n × d_ff
        var pairs = new List<(IReadOnlyCollection<int>, IReadOnlyCollection<int>)>();
        for (int t = 0; t < hidden.RowCount; t++)
        {
            var predicted = new List<int>();
            for (int i = 0; i < scores.ColumnCount; i++)
            {
                if (scores[t, i] > 0)
                    predicted.Add(i);
            }
            pairs.Add((predicted, active[t]));
        }
        return PredictionQuality.Of(pairs);
    }
}

/// <summary>Factors of a fitted predictor: score = B · (A · x + C).</summary>
public sealed record FittedPredictor(Matrix<double> A, Vector<double> C, Matrix<double> B)
{
    public int Rank => A.RowCount;

    public LowRankPredictor ToHalf()
    {
        int rank = A.RowCount, dModel = A.ColumnCount, dFf = B.RowCount;
        var a = new Half[(long)rank * dModel];
        var b = new Half[(long)dFf * rank];
        for (int r = 0; r < rank; r++)
            for (int c = 0; c < dModel; c++)
                a[r * dModel + c] = (Half)A[r, c];
        for (int i = 0; i < dFf; i++)
            for (int r = 0; r < rank; r++)
                b[i * rank + r] = (Half)B[i, r];
        return new LowRankPredictor(dModel, dFf, rank, a, b) { LowBias = C.Select(v => (float)v).ToArray() };
    }
}
