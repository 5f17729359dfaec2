using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>x with its columns reordered the way a block of packed indices decodes, in a reusable pinned buffer (one per
/// thread and kernel class; read by the pool's threads while its owner waits). A vector load of packed indices holds, in
/// lane j, the <c>perWord</c> consecutive indices of columns perWord·j … perWord·j + perWord − 1; shifting every lane by
/// the same amount k·bits gives index k of each lane, i.e. columns perWord·j + k. The spread copy puts those columns
/// side by side (block b, step k, lane j ← column b·lanes·perWord + perWord·j + k), so one plain vector load of it
/// meets each decoded vector. Columns past the last whole block are not spread.</summary>
internal sealed unsafe class SpreadInput
{
    private float[] _buffer = [];

    /// <summary>Two spread copies of <paramref name="x"/>: the first for <paramref name="firstPerWord"/> indices per
    /// 32-bit lane, the second (at offset <paramref name="x"/>.Length) for <paramref name="secondPerWord"/>.</summary>
    public float* Spread(ReadOnlySpan<float> x, int lanes, int firstPerWord, int secondPerWord)
    {
        if (_buffer.Length < 2 * x.Length)
            _buffer = GC.AllocateArray<float>(2 * x.Length, pinned: true);
        float* buffer = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer));
        Fill(x, lanes, firstPerWord, buffer);
        Fill(x, lanes, secondPerWord, buffer + x.Length);
        return buffer;
    }

    private static void Fill(ReadOnlySpan<float> x, int lanes, int perWord, float* spread)
    {
        int block = lanes * perWord;
        for (int b = 0; b + block <= x.Length; b += block)
        {
            for (int k = 0; k < perWord; k++)
            {
                for (int j = 0; j < lanes; j++)
                    spread[b + k * lanes + j] = x[b + perWord * j + k];
            }
        }
    }
}
