namespace FlashBench.Core;

/// <summary>SplitMix64 (Steele, Lea & Flood 2014): a fixed, platform-independent 64-bit mix. Unlike
/// <see cref="HashCode"/>, which is seeded randomly per process, the same inputs give the same value in every
/// run and on every machine — the test-file content and the read offsets depend on it.</summary>
public static class StableHash
{
    /// <summary>The golden-ratio increment of SplitMix64's state.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    /// <summary>The <paramref name="index"/>-th output of a SplitMix64 generator started at <paramref name="seed"/>.</summary>
    public static ulong At(ulong seed, ulong index) => Mix(unchecked(seed + Gamma * (index + 1)));

    /// <summary>Folds the values into <paramref name="seed"/> one after another: a key for a tuple of values.</summary>
    public static ulong Combine(ulong seed, params ReadOnlySpan<ulong> values)
    {
        ulong key = seed;
        foreach (ulong value in values)
            key = At(key, value);
        return key;
    }

    /// <summary>A stable key for a text (UTF-16 code units folded one by one).</summary>
    public static ulong Of(string text)
    {
        ulong key = (ulong)text.Length;
        foreach (char c in text)
            key = At(key, c);
        return key;
    }

    /// <summary>SplitMix64's finaliser: every input bit affects every output bit.</summary>
    public static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>Maps 32 random bits to [0, <paramref name="count"/>) without division (Lemire 2019); the bias is below
    /// count / 2^32, far below anything a read-offset choice could show.</summary>
    public static int Below(uint random, int count) => (int)(((ulong)random * (uint)count) >> 32);
}
