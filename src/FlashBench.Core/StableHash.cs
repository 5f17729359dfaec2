using System.Text;

namespace FlashBench.Core;

/// <summary>A hash that is the same in every process and on every machine (unlike <see cref="HashCode"/>, which is
/// seeded randomly per process): SplitMix64's finaliser chained over the values. Seeds of offsets and case orders
/// derive from it, so one recorded run seed repeats a run.</summary>
public static class StableHash
{
    public static ulong Of(params ReadOnlySpan<ulong> values)
    {
        ulong hash = 0x9E3779B97F4A7C15UL;
        foreach (ulong value in values)
            hash = Mix(hash ^ Mix(value + 0x9E3779B97F4A7C15UL));
        return hash;
    }

    /// <summary>A text's stable hash (UTF-8, 8 bytes at a time).</summary>
    public static ulong Of(string text)
    {
        ulong hash = Mix((ulong)text.Length);
        var bytes = Encoding.UTF8.GetBytes(text);
        for (int i = 0; i < bytes.Length; i += 8)
        {
            ulong word = 0;
            for (int j = 0; j < 8 && i + j < bytes.Length; j++)
                word |= (ulong)bytes[i + j] << (8 * j);
            hash = Mix(hash ^ Mix(word + 0x9E3779B97F4A7C15UL));
        }
        return hash;
    }

    /// <summary>SplitMix64's output function (Steele, Lea, Flood 2014): a bijection on 64-bit values.</summary>
    public static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
