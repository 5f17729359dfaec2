namespace FlashBench.Core.Models;

/// <summary>Bits per stored weight. The paper runs fp32 (CPU), fp16 (Metal, Table 2) and bf16 (GPU);
/// int8/int4 and the 3.5-bit palettized average of Apple's on-device model go beyond it.</summary>
public readonly record struct Precision(string Name, double BitsPerWeight)
{
    public static readonly Precision Fp32 = new("fp32", 32);
    public static readonly Precision Fp16 = new("fp16", 16);
    public static readonly Precision Int8 = new("int8", 8);
    public static readonly Precision Int4 = new("int4", 4);
    /// <summary>Apple Intelligence (June 2024): mixed 2- and 4-bit palettization averaging 3.5 bits per weight.</summary>
    public static readonly Precision Palettized3_5 = new("q3.5", 3.5);

    public static IReadOnlyList<Precision> All { get; } = [Fp32, Fp16, Int8, Int4, Palettized3_5];

    /// <summary>Bytes that <paramref name="weights"/> weights occupy, rounded up to whole bytes.</summary>
    public long BytesFor(long weights) => (long)Math.Ceiling(weights * BitsPerWeight / 8);

    public static bool TryParse(string text, out Precision precision)
    {
        precision = All.FirstOrDefault(p => string.Equals(p.Name, text.Trim(), StringComparison.OrdinalIgnoreCase));
        return precision.Name is not null;
    }

    public static string NameList => string.Join(", ", All.Select(p => p.Name));

    public override string ToString() => Name;
}
