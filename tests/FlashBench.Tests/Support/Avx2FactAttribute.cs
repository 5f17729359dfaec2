namespace FlashBench.Tests.Support;

/// <summary>A fact about the AVX2 code path: skipped, with the reason shown, on a CPU without AVX2 and FMA.</summary>
public sealed class Avx2FactAttribute : FactAttribute
{
    public Avx2FactAttribute()
    {
        if (!(System.Runtime.Intrinsics.X86.Avx2.IsSupported && System.Runtime.Intrinsics.X86.Fma.IsSupported))
            Skip = "this CPU has no AVX2+FMA: there is no AVX2 path to check";
    }
}
