using System.Globalization;

namespace FlashBench.Core;

/// <summary>Byte-size parsing and printing. Suffixes K, M, G, T (and KiB, MiB, …) are binary;
/// KB, MB, GB, TB are decimal, as in the paper's GB/s figures.</summary>
public static class Units
{
    public const double DecimalMegabyte = 1e6;

    public static bool TryParseBytes(string text, out long bytes)
    {
        bytes = 0;
        string s = text.Trim();
        if (s.Length == 0)
            return false;
        int split = 0;
        while (split < s.Length && (char.IsDigit(s[split]) || s[split] == '.'))
            split++;
        if (!double.TryParse(s[..split], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            return false;
        double multiplier = s[split..].Trim().ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KIB" => 1L << 10,
            "M" or "MIB" => 1L << 20,
            "G" or "GIB" => 1L << 30,
            "T" or "TIB" => 1L << 40,
            "KB" => 1e3,
            "MB" => 1e6,
            "GB" => 1e9,
            "TB" => 1e12,
            _ => double.NaN,
        };
        if (double.IsNaN(multiplier) || value * multiplier > long.MaxValue)
            return false;
        double result = value * multiplier;
        if (result != Math.Floor(result))
            return false;
        bytes = (long)result;
        return true;
    }

    /// <summary>Short binary label for chunk sizes: 4096 → "4K", 1048576 → "1M".</summary>
    public static string FormatChunk(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30}G",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20}M",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10}K",
        _ => bytes.ToString(CultureInfo.InvariantCulture),
    };

    public static string FormatBytes(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.##} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.##} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.##} KiB"),
        _ => $"{bytes} B",
    };
}
