namespace FlashBench.Core.Inference.Engine;

/// <summary>One read from the weight file and where its bytes go: <see cref="Pieces"/> pieces of
/// <see cref="PieceBytes"/> bytes, taken every <see cref="SourceStride"/> bytes of what was read and put every
/// <see cref="DestinationStride"/> bytes from <see cref="Destination"/> (a chunk of neuron vectors scattered
/// into DRAM rows; a single vector or bundle is one piece).</summary>
public readonly record struct ReadRequest(long FileOffset, int Length, nint Destination, int Pieces, int PieceBytes, int SourceStride, int DestinationStride)
{
    public static ReadRequest Contiguous(long fileOffset, int length, nint destination, int copyBytes) =>
        new(fileOffset, length, destination, 1, copyBytes, length, copyBytes);
}
