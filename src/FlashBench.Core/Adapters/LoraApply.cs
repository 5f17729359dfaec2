using System.Runtime.InteropServices;
using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;

namespace FlashBench.Core.Adapters;

/// <summary>The adapter's part of a linear layer: y += B·(A·x) (LoRA; Hu et al. 2021), A rank × in and B out × rank in
/// fp16 as read from flash, through the engine's fp16 matrix-vector kernel (<see cref="HalfMatVec"/>, exact path for
/// weights seen once). The LoRA scale α/r is folded into B's synthetic values.</summary>
public static class LoraApply
{
    /// <summary>Adds piece <paramref name="piece"/>'s B·(A·x) of the layer block <paramref name="block"/> to
    /// <paramref name="y"/>; <paramref name="rankScratch"/> holds ≥ rank floats, <paramref name="outScratch"/> ≥ out.</summary>
    public static void Apply(ReadOnlySpan<byte> block, LoraGeometry geometry, int piece, ReadOnlySpan<float> x, Span<float> y,
        Span<float> rankScratch, Span<float> outScratch, ComputePool? pool = null)
    {
        var p = geometry.Pieces[piece];
        int rank = geometry.Rank;
        var halves = MemoryMarshal.Cast<byte, Half>(block.Slice((int)geometry.PieceOffset(piece), (int)(geometry.PieceWeights(piece) * sizeof(short))));
        var t = rankScratch[..rank];
        var d = outScratch[..p.Out];
        HalfMatVec.Multiply(halves[..(rank * p.In)], rank, p.In, x[..p.In], t, pool);
        HalfMatVec.Multiply(halves[(rank * p.In)..], p.Out, rank, t, d, pool);
        var target = y[..p.Out];
        for (int i = 0; i < target.Length; i++)
            target[i] += d[i];
    }
}
