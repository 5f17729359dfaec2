using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace FlashBench.Core.Inference.Predictor;

/// <summary>Fits the §3.1 rank-r predictor from recorded (attention output, FFN activation) pairs by
/// reduced-rank regression: least squares W = argmin ‖X·W − Y‖ (QR; the minimum-norm solution when there are
/// fewer tokens than d_model + 1), then the best rank-r fit of the fitted values X·W through its truncated SVD
/// Ŷ ≈ U Σ Vᵣᵀ, giving W_r = W·Vᵣ·Vᵣᵀ = Aᵀ·Bᵀ with A = (W·Vᵣ)ᵀ (r × d_model) and B = Vᵣ (d_ff × r). The
/// regression has an intercept (a column of ones), which lands in the rank-r space as a bias c: score = B·(A·x + c).
/// Each neuron's target is its standardised activity (a − p)/√(p(1 − p)), p its firing rate over the training
/// tokens, so the decision threshold 0 means "more likely active than the neuron's base rate". The paper trains
/// with a balanced loss to keep false negatives low; plain ±1 targets would instead predict almost nothing for
/// neurons active on a few percent of tokens (OPT's ReLU FFNs), and standardising is the closed-form stand-in.</summary>
public static class PredictorFit
{
    public static FittedPredictor Fit(Matrix<double> hidden, IReadOnlyList<IReadOnlyCollection<int>> active, int dFf, int rank)
    {
        int n = hidden.RowCount;
        if (active.Count != n)
            throw new ArgumentException($"{n} hidden states but {active.Count} active sets");
        if (rank <= 0 || rank > Math.Min(Math.Min(hidden.ColumnCount, dFf), n))
            throw new ArgumentOutOfRangeException(nameof(rank), $"rank {rank} must be 1…min(d_model, d_ff, tokens)");
        var targets = StandardisedTargets(active, n, dFf);
        int d = hidden.ColumnCount;
        var design = hidden.Append(Matrix<double>.Build.Dense(n, 1, 1.0)); // intercept column
        var w = LeastSquares(design, targets);              // (d_model + 1) × d_ff
        var vr = TopRightSingularVectors(design * w, rank); // d_ff × r
        var projected = (w * vr).Transpose();               // r × (d_model + 1)
        return new FittedPredictor(projected.SubMatrix(0, rank, 0, d), projected.Column(d), vr);
    }

    private static Matrix<double> StandardisedTargets(IReadOnlyList<IReadOnlyCollection<int>> active, int n, int dFf)
    {
        var targets = Matrix<double>.Build.Dense(n, dFf);
        var count = new int[dFf];
        for (int t = 0; t < n; t++)
        {
            foreach (int neuron in active[t])
            {
                if (neuron < 0 || neuron >= dFf)
                    throw new ArgumentOutOfRangeException(nameof(active), $"neuron {neuron} is outside 0..{dFf - 1}");
                targets[t, neuron] = 1.0;
                count[neuron]++;
            }
        }
        for (int i = 0; i < dFf; i++)
        {
            double p = count[i] / (double)n;
            // never (always) active in training: a constant −1 (+1) column, predicted off (on) everywhere
            double on = p is 0 or 1 ? 1 : (1 - p) / Math.Sqrt(p * (1 - p));
            double off = p is 0 or 1 ? -1 : -p / Math.Sqrt(p * (1 - p));
            for (int t = 0; t < n; t++)
                targets[t, i] = targets[t, i] > 0 ? on : off;
        }
        return targets;
    }

    private static Matrix<double> LeastSquares(Matrix<double> design, Matrix<double> targets)
    {
        if (design.RowCount >= design.ColumnCount)
            return design.QR(QRMethod.Thin).Solve(targets);
        // fewer tokens than unknowns: minimum-norm solution W = Q·R⁻ᵀ·Y from Xᵀ = Q·R
        var qr = design.Transpose().QR(QRMethod.Thin);
        return qr.Q * qr.R.Transpose().Solve(targets);
    }

    /// <summary>The first <paramref name="rank"/> right singular vectors of <paramref name="m"/> (as columns).
    /// MathNet's SVD returns the full square Vᵀ (d_ff × d_ff: 2 GB for OPT 6.7B), so the SVD runs on the small
    /// triangular factor of a thin QR, which has the same singular values and, mapped back, the same vectors.</summary>
    private static Matrix<double> TopRightSingularVectors(Matrix<double> m, int rank)
    {
        if (m.RowCount >= m.ColumnCount)
        {
            var r = m.QR(QRMethod.Thin).R;              // m = Q·R: same right singular vectors as R
            return r.Svd(computeVectors: true).VT.SubMatrix(0, rank, 0, m.ColumnCount).Transpose();
        }
        var qr = m.Transpose().QR(QRMethod.Thin);       // mᵀ = Q·R, so m = Rᵀ·Qᵀ = U·Σ·(Q·V′)ᵀ for Rᵀ = U·Σ·V′ᵀ
        var small = qr.R.Transpose().Svd(computeVectors: true);
        return qr.Q * small.VT.SubMatrix(0, rank, 0, m.RowCount).Transpose();
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
