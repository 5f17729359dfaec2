using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>How the int8 kernel forms its integer dot products. .NET 10 exposes VNNI at 128/256 bits (AvxVnni:
/// VPDPBUSD, unsigned input × signed weight, four products per 32-bit lane) but not the 512-bit AVX512-VNNI form;
/// the 512-bit path sign-extends the weights to int16 and uses VPMADDWD (Avx512BW.MultiplyAddAdjacent).</summary>
public enum Int8Path
{
    Scalar,
    /// <summary>AVX2: VPMOVSXBW + VPMADDWD, 16 weights per instruction.</summary>
    Widen256,
    /// <summary>AVX-512BW: VPMOVSXBW + VPMADDWD, 32 weights per instruction.</summary>
    Widen512,
    /// <summary>AVX-VNNI: VPDPBUSD, 32 weights per instruction, no widening.</summary>
    Vnni256,
}

public static class Int8Paths
{
    /// <summary>Every path this CPU runs (always Scalar).</summary>
    public static IReadOnlyList<Int8Path> Supported { get; } = Enum.GetValues<Int8Path>().Where(IsSupported).ToArray();

    /// <summary>The path the kernel uses by default: the one that was fastest on a DRAM-sized matrix on the
    /// reference machine (see Int8MatVec), among those supported here.</summary>
    public static Int8Path Best { get; } =
        IsSupported(Int8Path.Vnni256) ? Int8Path.Vnni256 :
        IsSupported(Int8Path.Widen512) ? Int8Path.Widen512 :
        IsSupported(Int8Path.Widen256) ? Int8Path.Widen256 : Int8Path.Scalar;

    public static bool IsSupported(Int8Path path) => path switch
    {
        Int8Path.Vnni256 => AvxVnni.IsSupported && Vector256.IsHardwareAccelerated,
        Int8Path.Widen512 => Avx512BW.IsSupported && Vector512.IsHardwareAccelerated,
        Int8Path.Widen256 => Avx2.IsSupported && Vector256.IsHardwareAccelerated,
        _ => true,
    };

    public static string Describe(Int8Path path) => path switch
    {
        Int8Path.Vnni256 => "AVX-VNNI VPDPBUSD, 256-bit",
        Int8Path.Widen512 => "AVX-512BW VPMOVSXBW + VPMADDWD",
        Int8Path.Widen256 => "AVX2 VPMOVSXBW + VPMADDWD",
        _ => "scalar",
    };
}
