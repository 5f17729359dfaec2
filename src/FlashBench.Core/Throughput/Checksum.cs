using System.Numerics;
using System.Runtime.InteropServices;

namespace FlashBench.Core.Throughput;

/// <summary>Consumes every byte read (XOR of 64-bit lanes) so that no read can be optimised away.</summary>
public static class Checksum
{
    public static ulong Of(ReadOnlySpan<byte> bytes)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(bytes);
        var vectors = MemoryMarshal.Cast<ulong, Vector<ulong>>(words);
        var accumulator = Vector<ulong>.Zero;
        foreach (var v in vectors)
            accumulator ^= v;
        ulong result = 0;
        for (int i = 0; i < Vector<ulong>.Count; i++)
            result ^= accumulator[i];
        for (int i = vectors.Length * Vector<ulong>.Count; i < words.Length; i++)
            result ^= words[i];
        for (int i = words.Length * sizeof(ulong); i < bytes.Length; i++)
            result ^= bytes[i];
        return result;
    }
}
