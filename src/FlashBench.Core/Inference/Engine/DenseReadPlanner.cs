using FlashBench.Core.Inference.Weights;
using FlashBench.Core.Weights;

namespace FlashBench.Core.Inference.Engine;

/// <summary>The dense reads of the paper's baselines (Table 2 "Naive" and "Hybrid" assume best-case
/// sequential I/O): whole attention blocks, and contiguous runs of neurons of a separate-layout weight file,
/// in large chunks. Sparse neuron loads go through the sparse branch's <c>NeuronLoader</c> instead.</summary>
public sealed class DenseReadPlanner(int chunkBytes)
{
    public int ChunkBytes { get; } = chunkBytes;

    /// <summary>The <paramref name="slot"/>-th layer of <paramref name="file"/> into <paramref name="destination"/> ([Q|K|V|O] fp16).</summary>
    public void Attention(AttentionFile file, int slot, nint destination, List<ReadRequest> requests)
    {
        long start = file.BlockOffset(slot);
        for (long done = 0; done < file.BlockBytes; done += ChunkBytes)
        {
            int length = (int)Math.Min(ChunkBytes, file.BlockBytes - done);
            int copy = (int)Math.Min(length, file.WeightBytes - done);
            if (copy > 0)
                requests.Add(ReadRequest.Contiguous(start + done, length, destination + (nint)done, copy));
        }
    }

    /// <summary>Neurons first … first+count−1 of <paramref name="layer"/> into consecutive DRAM rows from
    /// <paramref name="rows"/> (parts back to back, as <c>INeuronMatrix</c> rows): one run of chunks per FFN matrix.</summary>
    public void Neurons(WeightFileFormat format, int layer, int first, int count, nint rows, List<ReadRequest> requests)
    {
        if (format.Layout != WeightLayout.Separate)
            throw new ArgumentException("dense neuron runs are read from the separate layout, where each matrix is contiguous");
        if (count <= 0)
            return;
        int stride = format.PartStride;
        int perChunk = Math.Max(1, ChunkBytes / stride);
        for (int part = 0; part < format.Parts; part++)
        {
            long region = format.PartOffset(layer, first, part);
            nint column = rows + part * format.PartBytes;
            for (int done = 0; done < count; done += perChunk)
            {
                int pieces = Math.Min(perChunk, count - done);
                requests.Add(new ReadRequest(region + (long)done * stride, pieces * stride,
                    column + (nint)((long)done * format.NeuronBytes), pieces, format.PartBytes, stride, format.NeuronBytes));
            }
        }
    }

    public int MaxReadBytes(WeightFileFormat format) => Math.Max(ChunkBytes, format.PartStride);

    /// <summary>Bytes and reads <see cref="Attention"/> issues for a block of <paramref name="blockBytes"/>.</summary>
    public (long Bytes, long Reads) AttentionCost(long blockBytes) => (blockBytes, (blockBytes + ChunkBytes - 1) / ChunkBytes);

    /// <summary>Bytes and reads <see cref="Neurons"/> issues for <paramref name="count"/> neurons of one layer.</summary>
    public (long Bytes, long Reads) NeuronsCost(WeightFileFormat format, int count)
    {
        if (count <= 0)
            return (0, 0);
        int perChunk = Math.Max(1, ChunkBytes / format.PartStride);
        return ((long)format.Parts * count * format.PartStride, (long)format.Parts * ((count + perChunk - 1) / perChunk));
    }
}
