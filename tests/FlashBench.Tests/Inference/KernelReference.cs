namespace FlashBench.Tests.Inference;

/// <summary>Plain double-precision loops the kernels are checked against, and the fp32 tolerance used: a sum of n
/// products in fp32 (any order, FMA or not) is within about √n · 2⁻²⁴ · Σ|terms| of the exact sum with overwhelming
/// probability; the tests allow 8× that, plus 1e-7 for sums near zero.</summary>
internal static class KernelReference
{
    public static double Tolerance(double sumOfAbsoluteTerms, int terms) =>
        8 * Math.Sqrt(terms) * Math.Pow(2, -24) * sumOfAbsoluteTerms + 1e-7;

    public static Half[] RandomHalves(Random random, long count, double scale)
    {
        var values = new Half[count];
        for (long i = 0; i < count; i++)
            values[i] = (Half)((random.NextDouble() * 2 - 1) * scale);
        return values;
    }

    public static float[] RandomFloats(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

    /// <summary>(y, Σ|w·x|) per row in double.</summary>
    public static (double Value, double Magnitude)[] MatVec(Half[] w, int rows, int cols, float[] x)
    {
        var result = new (double, double)[rows];
        for (int r = 0; r < rows; r++)
        {
            double sum = 0, magnitude = 0;
            for (int c = 0; c < cols; c++)
            {
                double term = (double)w[(long)r * cols + c] * x[c];
                sum += term;
                magnitude += Math.Abs(term);
            }
            result[r] = (sum, magnitude);
        }
        return result;
    }
}
