using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Weights;

/// <summary>The LM head: logits = E · h over the shared (tied) embedding E, vocab × d_model fp16 (OPT ties its
/// input and output embeddings; FlashBench counts the embedding once, <see cref="ModelShape.EmbeddingWeights"/>).
/// Kept in DRAM by every configuration, as the embedding table must be to look tokens up. Synthetic values:
/// its cost is real, its logits carry no meaning. Its subnormal list (<see cref="HalfMatrix"/>) is built with it.</summary>
public sealed class LmHead
{
    private static readonly object CacheGate = new();
    private static (string Key, LmHead Head)? s_last;

    private LmHead(int vocab, int dModel, Half[] weights)
    {
        Vocab = vocab;
        DModel = dModel;
        Weights = weights;
        Matrix = HalfMatrix.From(weights, vocab, dModel);
    }

    public int Vocab { get; }
    public int DModel { get; }
    public Half[] Weights { get; }

    /// <summary>The weights with their subnormal list, built once with the head: the fast exact product.</summary>
    public HalfMatrix Matrix { get; }

    public long Bytes => (long)Vocab * DModel * sizeof(short);

    /// <summary>Fills vocab × d_model deterministic weights (scale 1/√d_model) in parallel: up to 2 GiB for Persimmon.</summary>
    public static LmHead Synthetic(ModelShape shape, ulong seed)
    {
        long total = (long)shape.Vocab * shape.DModel;
        var weights = GC.AllocateUninitializedArray<Half>(checked((int)total), pinned: true);
        ulong stream = SyntheticWeights.Stream(seed, layer: -2, matrix: 0);
        float scale = SyntheticWeights.ScaleFor(shape.DModel);
        const int chunk = 1 << 20;
        System.Threading.Tasks.Parallel.For(0, (int)((total + chunk - 1) / chunk), c =>
        {
            long first = (long)c * chunk;
            SyntheticWeights.Fill(weights.AsSpan((int)first, (int)Math.Min(chunk, total - first)), stream, first, scale);
        });
        return new LmHead(shape.Vocab, shape.DModel, weights);
    }

    /// <summary>The head of the last shape asked for, built once: the engines of one model's cases share it.</summary>
    public static LmHead Shared(ModelShape shape, ulong seed)
    {
        string key = $"{shape.Vocab}x{shape.DModel}:{seed:x16}";
        lock (CacheGate)
        {
            if (s_last is { } last && last.Key == key)
                return last.Head;
            s_last = null; // let the previous head go before the next one is allocated
            var head = Synthetic(shape, seed);
            s_last = (key, head);
            return head;
        }
    }

    public void Logits(ReadOnlySpan<float> hidden, Span<float> logits, ComputePool? pool = null) =>
        HalfMatVec.Multiply(Matrix, hidden, logits, pool);
}
