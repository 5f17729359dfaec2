using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.OnDevice;

/// <summary>One layer's palettized weights: [Q | K | V] as one matrix ((d_model + 2 · kv_dim) × d_model), O, the SwiGLU
/// gate and up projections as one matrix (rows 0 … d_ff − 1 gate, d_ff … 2·d_ff − 1 up) and down (d_model × d_ff).</summary>
public sealed record OnDeviceLayer(PalettizedMatrix Qkv, PalettizedMatrix Output, PalettizedMatrix GateUp, PalettizedMatrix Down)
{
    public long AttentionBytes => Qkv.Bytes + Output.Bytes;
    public long FfnBytes => GateUp.Bytes + Down.Bytes;
}

/// <summary>A SwiGLU grouped-query model (AFM-on-device's shape, <see cref="ModelShapes.Afm3B"/>) with every matrix at 3.5
/// bits (<see cref="PalettizedMatrix"/>: every fourth group of rows at 2 bits, the rest at 4), the embedding shared by
/// input and output included. Apple's June 2024 post says the model is palettized, not which matrices; all of them are
/// here. Synthetic, deterministic values (uniform random indices, sorted random palettes at 1/√fan-in): the bytes and
/// arithmetic of the real model, not its outputs.</summary>
public sealed class OnDeviceWeights
{
    private OnDeviceWeights(ModelShape shape, IReadOnlyList<OnDeviceLayer> layers, PalettizedMatrix embedding, ulong seed)
    {
        Shape = shape;
        Layers = layers;
        Embedding = embedding;
        Seed = seed;
    }

    public ModelShape Shape { get; }
    public IReadOnlyList<OnDeviceLayer> Layers { get; }
    /// <summary>vocab × d_model: the input embedding and the LM head.</summary>
    public PalettizedMatrix Embedding { get; }
    public ulong Seed { get; }

    public long AttentionBytes => Layers.Sum(l => l.AttentionBytes);
    public long FfnBytes => Layers.Sum(l => l.FfnBytes);
    public long TotalBytes => AttentionBytes + FfnBytes + Embedding.Bytes;

    /// <summary>Refuses a shape the engine cannot run: it needs SwiGLU, whole groups of rows and whole column words.</summary>
    public static void CheckShape(ModelShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (!shape.GatedFfn)
            throw new ArgumentException($"{shape.Name}: the on-device engine runs a SwiGLU (gated) FFN; {shape.Name}'s FFN is not gated");
        int kvDim = shape.KvHeads * shape.HeadDim;
        foreach (int rows in new[] { shape.DModel, kvDim, shape.DFf, shape.Vocab })
        {
            if (rows % PalettizedMatrix.GroupRows != 0 || rows % PalettizedMatrix.ColumnMultiple != 0)
                throw new ArgumentException($"{shape.Name}: d_model, kv_dim, d_ff and vocab must be multiples of {PalettizedMatrix.ColumnMultiple} ({rows} is not)");
        }
        if (shape.Heads % shape.KvHeads != 0 || shape.HeadDim % 2 != 0)
            throw new ArgumentException($"{shape.Name}: query heads must be a multiple of KV heads and head_dim even");
    }

    public static OnDeviceWeights Synthetic(ModelShape shape, ulong seed)
    {
        CheckShape(shape);
        int d = shape.DModel, kv = shape.KvHeads * shape.HeadDim, ff = shape.DFf;
        var matrices = new PalettizedMatrix[shape.Layers * 4 + 1];
        // (rows, cols) of matrix m of a layer, and the embedding last
        (int Rows, int Cols) Size(int i) => i == matrices.Length - 1 ? (shape.Vocab, d) : (i % 4) switch
        {
            0 => (d + 2 * kv, d),
            1 => (d, d),
            2 => (2 * ff, d),
            _ => (d, ff),
        };
        System.Threading.Tasks.Parallel.For(0, matrices.Length, i =>
        {
            var (rows, cols) = Size(i);
            int layer = i == matrices.Length - 1 ? -2 : i / 4;
            matrices[i] = PalettizedMatrix.Synthetic(rows, cols, SyntheticWeights.Stream(seed, layer, i % 4), SyntheticWeights.ScaleFor(cols));
        });
        var layers = Enumerable.Range(0, shape.Layers)
            .Select(l => new OnDeviceLayer(matrices[4 * l], matrices[4 * l + 1], matrices[4 * l + 2], matrices[4 * l + 3])).ToList();
        return new OnDeviceWeights(shape, layers, matrices[^1], seed);
    }
}
