using System.Runtime.InteropServices;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Weights;

namespace FlashBench.Core.Adapters;

/// <summary>The deterministic content of an adapter's layer block: every A and B from <see cref="SyntheticWeights"/>
/// streams of (seed, adapter, layer, piece), scaled 1/√fan-in, the padding <see cref="NeuronContent.Filler"/>. The
/// generator writes it and the tests and the swap's verification recompute it, so what a swap read is checked without
/// reading the file twice.</summary>
public static class AdapterContent
{
    /// <summary>Fills <paramref name="block"/> (<see cref="LoraGeometry.LayerBlockBytes"/> long) with layer
    /// <paramref name="layer"/> of adapter <paramref name="adapter"/>.</summary>
    public static void FillLayer(Span<byte> block, LoraGeometry geometry, ulong seed, int adapter, int layer)
    {
        if (block.Length != geometry.LayerBlockBytes)
            throw new ArgumentException($"a layer block is {geometry.LayerBlockBytes} bytes, got {block.Length}");
        block[(int)geometry.LayerBytes..].Fill(NeuronContent.Filler);
        var halves = MemoryMarshal.Cast<byte, Half>(block[..(int)geometry.LayerBytes]);
        ulong stream = StableHash.Combine(seed, (ulong)adapter);
        int offset = 0;
        for (int p = 0; p < geometry.Pieces.Count; p++)
        {
            var piece = geometry.Pieces[p];
            int a = geometry.Rank * piece.In, b = piece.Out * geometry.Rank;
            SyntheticWeights.Fill(halves.Slice(offset, a), SyntheticWeights.Stream(stream, layer, 2 * p), 0, SyntheticWeights.ScaleFor(piece.In));
            SyntheticWeights.Fill(halves.Slice(offset + a, b), SyntheticWeights.Stream(stream, layer, 2 * p + 1), 0, SyntheticWeights.ScaleFor(geometry.Rank));
            offset += a + b;
        }
    }

    /// <summary>A header page: a text line naming what the file holds, the rest filler (never zero).</summary>
    public static byte[] Header(string text)
    {
        var page = new byte[LoraGeometry.Alignment];
        page.AsSpan().Fill(NeuronContent.Filler);
        int length = System.Text.Encoding.UTF8.GetBytes(text + "\n", page);
        return length >= page.Length ? throw new ArgumentException("header text too long") : page;
    }
}
