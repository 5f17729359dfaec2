using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>Whether this CPU multiplies a float denormal as fast as a normal float, measured once: the same fused
/// multiply-adds timed with a denormal and with a normal multiplicand (results stay normal in both). AMD Zen cores handle
/// denormal inputs in hardware; Intel cores take a microcode assist of ~100 cycles per instruction (3× slower fp16
/// kernels on this project's Xeon). Decides whether the resident fp16 kernels widen with <see cref="ScaledWidening"/>
/// (no test for subnormal halves) or <see cref="NormalWidening"/> plus the <see cref="SubnormalCorrections"/> list;
/// both are exact, so only the speed depends on it.</summary>
public static class DenormalInputs
{
    /// <summary>A denormal multiplicand may cost this much more and still count as free (timing noise).</summary>
    public const double FreeRatio = 1.3;

    private const int Iterations = 1 << 15;

    private static readonly Lazy<(bool Free, double Ratio)> s_measured = new(Measure);

    public static bool AreFree => s_measured.Value.Free;

    /// <summary>Time with denormal multiplicands ÷ time with normal ones (best of several runs each).</summary>
    public static double Ratio => s_measured.Value.Ratio;

    public static string Describe() =>
        FormattableString.Invariant($"denormal multiplicands {(AreFree ? "free" : "slow")} on this CPU ({Ratio:0.00}× the time of normal ones)");

    private static (bool, double) Measure()
    {
        float denormal = 1e-40f, normal = 1e-30f;
        double best = double.MaxValue, bestDenormal = double.MaxValue;
        for (int run = 0; run < 7; run++)
        {
            best = Math.Min(best, Time(normal));
            bestDenormal = Math.Min(bestDenormal, Time(denormal));
        }
        double ratio = bestDenormal / best;
        return (ratio <= FreeRatio, ratio);
    }

    private static double Time(float multiplicand)
    {
        long start = Stopwatch.GetTimestamp();
        float sink = Chains(multiplicand, 1e20f);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        GC.KeepAlive(sink);
        return seconds;
    }

    /// <summary>Eight independent accumulation chains (enough to keep the FMA units busy), vector where the kernels are.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float Chains(float a, float b)
    {
        if (Fma.IsSupported)
        {
            var va = Vector256.Create(a);
            var vb = Vector256.Create(b);
            Vector256<float> s0 = Vector256<float>.One, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
            for (int i = 0; i < Iterations; i++)
            {
                s0 = Fma.MultiplyAdd(va, vb, s0);
                s1 = Fma.MultiplyAdd(va, vb, s1);
                s2 = Fma.MultiplyAdd(va, vb, s2);
                s3 = Fma.MultiplyAdd(va, vb, s3);
                s4 = Fma.MultiplyAdd(va, vb, s4);
                s5 = Fma.MultiplyAdd(va, vb, s5);
                s6 = Fma.MultiplyAdd(va, vb, s6);
                s7 = Fma.MultiplyAdd(va, vb, s7);
            }
            return Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7);
        }
        float t0 = 1, t1 = 1, t2 = 1, t3 = 1;
        for (int i = 0; i < Iterations; i++)
        {
            t0 = MathF.FusedMultiplyAdd(a, b, t0);
            t1 = MathF.FusedMultiplyAdd(a, b, t1);
            t2 = MathF.FusedMultiplyAdd(a, b, t2);
            t3 = MathF.FusedMultiplyAdd(a, b, t3);
        }
        return t0 + t1 + t2 + t3;
    }
}
