using System.Runtime.CompilerServices;
using FlashBench.Core.Models;

namespace FlashBench.Core.Weights;

/// <summary>The deterministic content of every neuron part: weight j of part p of neuron i in layer l is
/// q/1270 for a non-zero integer q in [-127, 127] drawn from a SplitMix64 hash of (seed, l, i, p, j/8),
/// stored in the file's precision (fp32, fp16, int8 = q, int4 = q/16 rounded away from zero, two per byte,
/// low nibble first). No weight is zero, so no page of neuron data is all zeros; a misplaced read is caught
/// by comparison. Padding and header filler bytes are <see cref="Filler"/>.</summary>
public static class NeuronContent
{
    public const byte Filler = 0xA5;

    /// <summary>The value of a weight whose quantised level is q.</summary>
    public static float Value(int q) => q / 1270f;

    private static readonly float[] Fp32Table = Enumerable.Range(0, 256).Select(b => Value(Level((byte)b))).ToArray();
    private static readonly ushort[] Fp16Table = Enumerable.Range(0, 256).Select(b => BitConverter.HalfToUInt16Bits((Half)Value(Level((byte)b)))).ToArray();

    /// <summary>Writes the first <paramref name="destination"/>.Length bytes of part (layer, neuron, part).</summary>
    public static void Fill(Span<byte> destination, ulong seed, Precision precision, int layer, int neuron, int part)
    {
        ulong key = PartKey(seed, layer, neuron, part);
        if (precision == Precision.Fp32)
        {
            var floats = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(destination);
            for (int j = 0; j < floats.Length; j += 8)
            {
                ulong h = Mix(key + (ulong)(j >> 3));
                for (int b = 0; b < 8 && j + b < floats.Length; b++)
                    floats[j + b] = Fp32Table[(byte)(h >> (b * 8))];
            }
        }
        else if (precision == Precision.Fp16)
        {
            var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(destination);
            for (int j = 0; j < halves.Length; j += 8)
            {
                ulong h = Mix(key + (ulong)(j >> 3));
                for (int b = 0; b < 8 && j + b < halves.Length; b++)
                    halves[j + b] = Fp16Table[(byte)(h >> (b * 8))];
            }
        }
        else if (precision == Precision.Int8)
        {
            for (int j = 0; j < destination.Length; j++)
                destination[j] = (byte)(sbyte)Level(LevelByte(key, j));
        }
        else if (precision == Precision.Int4)
        {
            for (int b = 0; b < destination.Length; b++)
            {
                int low = Int4Level(Level(LevelByte(key, 2 * b)));
                int high = Int4Level(Level(LevelByte(key, 2 * b + 1)));
                destination[b] = (byte)((low & 0xF) | ((high & 0xF) << 4));
            }
        }
        else
        {
            throw new ArgumentException($"no neuron content for precision {precision.Name}", nameof(precision));
        }
    }

    /// <summary>Decodes <paramref name="part"/> (one part, <paramref name="destination"/>.Length weights) into floats.</summary>
    public static void Decode(ReadOnlySpan<byte> part, Precision precision, Span<float> destination)
    {
        if (precision == Precision.Fp32)
        {
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(part)[..destination.Length].CopyTo(destination);
        }
        else if (precision == Precision.Fp16)
        {
            var halves = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(part);
            for (int j = 0; j < destination.Length; j++)
                destination[j] = (float)halves[j];
        }
        else if (precision == Precision.Int8)
        {
            for (int j = 0; j < destination.Length; j++)
                destination[j] = Value((sbyte)part[j]);
        }
        else if (precision == Precision.Int4)
        {
            for (int j = 0; j < destination.Length; j++)
            {
                int nibble = (part[j >> 1] >> ((j & 1) * 4)) & 0xF;
                destination[j] = Value((nibble >= 8 ? nibble - 16 : nibble) * 16);
            }
        }
        else
        {
            throw new ArgumentException($"cannot decode precision {precision.Name}", nameof(precision));
        }
    }

    /// <summary>The quantised level q of weight <paramref name="index"/> of a part (its value is q/1270, int4 stores q/16).</summary>
    public static int LevelOf(ulong seed, int layer, int neuron, int part, int index) =>
        Level(LevelByte(PartKey(seed, layer, neuron, part), index));

    private static ulong PartKey(ulong seed, int layer, int neuron, int part) =>
        Mix(seed ^ Mix(((ulong)(uint)layer << 36) ^ ((ulong)(uint)neuron << 4) ^ (ulong)(uint)part));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte LevelByte(ulong key, int index) => (byte)(Mix(key + (ulong)(index >> 3)) >> ((index & 7) * 8));

    /// <summary>A byte as a non-zero level in [-127, 127].</summary>
    private static int Level(byte b)
    {
        int q = (sbyte)b;
        return q is 0 or -128 ? 1 : q;
    }

    private static int Int4Level(int q)
    {
        int level = q / 16;
        return level != 0 ? Math.Clamp(level, -7, 7) : (q < 0 ? -1 : 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
