using FlashBench.Core.Inference.Weights;

namespace FlashBench.Core.Inference.Engine;

/// <summary>Turns "bring these weights into these DRAM rows" into <see cref="ReadRequest"/>s for a
/// <see cref="WeightFileLayout"/>: large chunks for dense reads (the best-case sequential I/O of the paper's
/// baselines), one read per neuron (bundled) or per matrix per neuron (separate) for sparse loads.</summary>
public sealed class ReadPlanner(WeightFileLayout layout, int denseChunkBytes)
{
    private readonly int _rowBytes = layout.Rows.RowWeights * WeightFileLayout.BytesPerWeight;
    private readonly int _vectorBytes = layout.Shape.DModel * WeightFileLayout.BytesPerWeight;

    public WeightFileLayout Layout { get; } = layout;
    public int DenseChunkBytes { get; } = denseChunkBytes;

    /// <summary>Largest single read this planner issues.</summary>
    public int MaxReadBytes => (int)Math.Max(Math.Max(DenseChunkBytes, Layout.BundleStride), Layout.VectorStride);

    /// <summary>The layer's attention block into <paramref name="destination"/> (AttentionLayout order), in dense chunks.</summary>
    public void Attention(int layer, nint destination, List<ReadRequest> requests)
    {
        long weightsBytes = Layout.Attention.TotalWeights * WeightFileLayout.BytesPerWeight;
        long readBytes = Layout.AttentionReadBytes;
        long start = Layout.AttentionOffset(layer);
        for (long done = 0; done < readBytes; done += DenseChunkBytes)
        {
            int length = (int)Math.Min(DenseChunkBytes, readBytes - done);
            int copy = (int)Math.Min(length, weightsBytes - done);
            requests.Add(ReadRequest.Contiguous(start + done, length, destination + (nint)done, copy));
        }
    }

    /// <summary>Neurons first … first+count−1 into consecutive rows from <paramref name="rows"/>, in dense chunks.</summary>
    public void DenseNeurons(int layer, int first, int count, nint rows, List<ReadRequest> requests)
    {
        if (Layout.Bundled)
        {
            AddStrided(Layout.BundleOffset(layer, first), (int)Layout.BundleStride, count, rows, _rowBytes, requests);
            return;
        }
        for (int m = 0; m < Layout.Rows.Matrices; m++)
        {
            nint column = rows + Layout.Rows.MatrixOffset(m) * WeightFileLayout.BytesPerWeight;
            AddStrided(Layout.VectorOffset(layer, m, first), (int)Layout.VectorStride, count, column, _vectorBytes, requests);
        }
    }

    private void AddStrided(long fileOffset, int sourceStride, int count, nint destination, int pieceBytes, List<ReadRequest> requests)
    {
        int perChunk = Math.Max(1, DenseChunkBytes / sourceStride);
        for (int done = 0; done < count; done += perChunk)
        {
            int pieces = Math.Min(perChunk, count - done);
            requests.Add(new ReadRequest(fileOffset + (long)done * sourceStride, pieces * sourceStride,
                destination + (nint)((long)done * _rowBytes), pieces, pieceBytes, sourceStride, _rowBytes));
        }
    }

    /// <summary>Neuron <paramref name="neuron"/> into the DRAM row at <paramref name="row"/>: one bundle, or one vector per matrix.</summary>
    public void Neuron(int layer, int neuron, nint row, List<ReadRequest> requests)
    {
        if (Layout.Bundled)
        {
            requests.Add(ReadRequest.Contiguous(Layout.BundleOffset(layer, neuron), (int)Layout.BundleStride, row, _rowBytes));
            return;
        }
        for (int m = 0; m < Layout.Rows.Matrices; m++)
        {
            requests.Add(ReadRequest.Contiguous(Layout.VectorOffset(layer, m, neuron), (int)Layout.VectorStride,
                row + Layout.Rows.MatrixOffset(m) * WeightFileLayout.BytesPerWeight, _vectorBytes));
        }
    }
}
