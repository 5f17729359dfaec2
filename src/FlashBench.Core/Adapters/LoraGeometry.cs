using FlashBench.Core.Models;

namespace FlashBench.Core.Adapters;

/// <summary>One linear layer an adapter adapts: y = W·x with W out × in; its LoRA pair is A (rank × in) and B (out × rank).</summary>
public sealed record LoraPiece(string Name, int In, int Out);

/// <summary>The bytes of a rank-r LoRA adapter on every linear layer of a shape, in fp16 (Apple's June 2024 post: "rank 16,
/// kept in 16 bits … 10s of megabytes" for AFM-on-device). Per layer the pieces q, k, v, o (and gate, up, down for a SwiGLU
/// FFN; up, down otherwise) lie back to back, each A then B row-major; a layer's block is padded to 4096 bytes so that
/// O_DIRECT reads whole blocks at aligned offsets.</summary>
public sealed record LoraGeometry(ModelShape Shape, int Rank)
{
    public const int Alignment = 4096;
    public const int DefaultRank = 16;

    public IReadOnlyList<LoraPiece> Pieces { get; } = PiecesOf(Shape);

    public static IReadOnlyList<LoraPiece> PiecesOf(ModelShape shape)
    {
        int query = shape.Heads * shape.HeadDim, kv = shape.KvHeads * shape.HeadDim;
        var pieces = new List<LoraPiece>
        {
            new("q", shape.DModel, query), new("k", shape.DModel, kv), new("v", shape.DModel, kv), new("o", query, shape.DModel),
        };
        if (shape.GatedFfn)
            pieces.Add(new LoraPiece("gate", shape.DModel, shape.DFf));
        pieces.Add(new LoraPiece("up", shape.DModel, shape.DFf));
        pieces.Add(new LoraPiece("down", shape.DFf, shape.DModel));
        return pieces;
    }

    public long PieceWeights(int piece) => (long)Rank * (Pieces[piece].In + Pieces[piece].Out);

    /// <summary>Weights (A and B of every piece) of one layer.</summary>
    public long LayerWeights => Enumerable.Range(0, Pieces.Count).Sum(PieceWeights);

    /// <summary>Payload bytes of one layer.</summary>
    public long LayerBytes => LayerWeights * sizeof(short);

    /// <summary>One layer's block on disk and in DRAM: <see cref="LayerBytes"/> padded to <see cref="Alignment"/>.</summary>
    public long LayerBlockBytes => RoundUp(LayerBytes, Alignment);

    /// <summary>Payload bytes of a whole adapter (every layer).</summary>
    public long AdapterBytes => Shape.Layers * LayerBytes;

    /// <summary>What a swap reads: every layer block, padding included.</summary>
    public long AdapterBlockBytes => Shape.Layers * LayerBlockBytes;

    /// <summary>Offset of piece <paramref name="piece"/>'s A inside a layer block (its B follows at + rank·in halves).</summary>
    public long PieceOffset(int piece)
    {
        long offset = 0;
        for (int p = 0; p < piece; p++)
            offset += PieceWeights(p) * sizeof(short);
        return offset;
    }

    public static long RoundUp(long value, long multiple) => (value + multiple - 1) / multiple * multiple;
}
