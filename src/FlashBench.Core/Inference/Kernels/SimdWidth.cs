namespace FlashBench.Core.Inference.Kernels;

/// <summary>The vector width a kernel runs at. <see cref="SimdWidths.Best"/> is what this CPU and runtime accelerate;
/// tests force the others to check every path the CPU can run against the scalar reference.</summary>
public enum SimdWidth
{
    Scalar,
    V128,
    V256,
    V512,
}

public static class SimdWidths
{
    public static SimdWidth Best { get; } =
        Lanes512.IsSupported ? SimdWidth.V512 :
        Lanes256.IsSupported ? SimdWidth.V256 :
        Lanes128.IsSupported ? SimdWidth.V128 : SimdWidth.Scalar;

    /// <summary>Every width this machine can run (always Scalar).</summary>
    public static IReadOnlyList<SimdWidth> Supported { get; } = Enum.GetValues<SimdWidth>().Where(IsSupported).ToArray();

    public static bool IsSupported(SimdWidth width) => width switch
    {
        SimdWidth.V512 => Lanes512.IsSupported,
        SimdWidth.V256 => Lanes256.IsSupported,
        SimdWidth.V128 => Lanes128.IsSupported,
        _ => true,
    };

    /// <summary>What the kernels use here, for run.json: the fp16 width, the int8 dot-product instruction and the
    /// palettized kernel's path.</summary>
    public static string Describe() =>
        $"fp16 {Best} ({(Best == SimdWidth.V512 ? "AVX-512F" : Best == SimdWidth.V256 ? "AVX2+FMA" : Best == SimdWidth.V128 ? "128-bit SIMD" : "scalar")}, "
        + $"fp16 widened in registers, exactly: {(DenormalInputs.AreFree
            ? "every matrix (resident or read this token) by a shift and a mask without a branch, subnormals as float denormals"
            : "matrices resident in DRAM by integer shifts without a branch plus their subnormal lists, rows read this token with a branch per vector for zero/subnormal halves")}: "
        + $"{DenormalInputs.Describe()}); int8 {Int8Paths.Best} ({Int8Paths.Describe(Int8Paths.Best)}); palettized {PalettizedMatVec.PathName(Best)}";
}
