namespace FlashBench.Core.Sparsity;

/// <summary>Fraction of a layer's FFN neurons truly active per token, as a function of depth (0 = first
/// layer, 1 = last). OPT 6.7B, Table 6: 1.56 % in the first layer, 2.66 % in layer 16, 5.36 % in the last,
/// 3.30 % on average. The table gives only those four numbers; the profile is the monotone piecewise-linear
/// curve through the three layers whose steps (a quick rise over the first layers, a step after the middle)
/// make the mean over 32 layers 3.30 %. A scaled shape with fewer layers samples the same curve at evenly
/// spaced depths, so its mean activity stays that of the full model.</summary>
public sealed record LayerActivityProfile(IReadOnlyList<(double Depth, double Fraction)> Knots)
{
    public static LayerActivityProfile OptTable6 { get; } = new(
    [
        (0.0, 0.0156),
        (0.07, 0.0245),
        (15.0 / 31, 0.0266),
        (16.0 / 31, 0.0294),
        (1.0, 0.0536),
    ]);

    /// <summary>Depth in [0, 1] of <paramref name="layer"/> in a model of <paramref name="layers"/> layers.</summary>
    public static double Depth(int layer, int layers) => layers == 1 ? 0.5 : layer / (double)(layers - 1);

    public double FractionAt(double depth)
    {
        if (depth <= Knots[0].Depth)
            return Knots[0].Fraction;
        for (int i = 1; i < Knots.Count; i++)
        {
            var (x1, v1) = Knots[i];
            if (depth <= x1)
            {
                var (x0, v0) = Knots[i - 1];
                return v0 + (v1 - v0) * (depth - x0) / (x1 - x0);
            }
        }
        return Knots[^1].Fraction;
    }

    public double Fraction(int layer, int layers) => FractionAt(Depth(layer, layers));
}
