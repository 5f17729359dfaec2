using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Inference.OnDevice;
using FlashBench.Core.Models;
using FlashBench.Core.ReadPaths;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Inference;

/// <summary>The on-device engine: the batched palettized product against the reference, a prompt prefilled as one batch
/// against the same prompt decoded token by token, the FFN streamed from its file against the same FFN in DRAM, RoPE.</summary>
public sealed class OnDeviceModelTests
{
    /// <summary>AFM's structure at toy size: SwiGLU, grouped-query attention (4 query heads share 2 KV heads), 2 layers.</summary>
    internal static readonly ModelShape Toy = ModelShapes.Afm3B with
    {
        Name = "afm-toy", Layers = 2, DModel = 64, DFf = 96, Heads = 4, KvHeads = 2, Vocab = 256,
    };

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 1)]
    [InlineData(9, 2)]
    [InlineData(133, 2)]
    public void Batched_product_matches_the_reference_for_every_token(int tokens, int threads)
    {
        // 544 columns: one whole chunk of 512 and a tail; 133 tokens: two blocks, the second with a partial tile
        const int rows = 48, cols = 544;
        var matrix = PalettizedMatrix.Synthetic(rows, cols, seed: 3, scale: 0.1f);
        var random = new Random(11);
        var x = Enumerable.Range(0, tokens * cols).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var y = new float[tokens * rows];
        using var pool = new ComputePool(threads);
        PalettizedMatMat.Multiply(matrix, x, tokens, y, pool);
        for (int t = 0; t < tokens; t++)
        {
            var expected = PalettizedMatMat.Reference(matrix, x, t);
            for (int r = 0; r < rows; r++)
                Assert.Equal(expected[r], y[t * rows + r], 1e-4);
        }
    }

    [Fact]
    public void A_prompt_prefilled_as_one_batch_gives_the_logits_of_decoding_it_token_by_token()
    {
        var weights = OnDeviceWeights.Synthetic(Toy, seed: 5);
        using var pool = new ComputePool(2);
        int[] prompt = [3, 200, 17, 17, 99, 1, 250, 42, 8];
        var batched = new OnDeviceModel(weights, new ResidentFfn(weights), 32, pool);
        var stepped = new OnDeviceModel(weights, new ResidentFfn(weights), 32, pool);

        int batchedNext = batched.Prefill(prompt);
        int steppedNext = 0;
        foreach (int token in prompt)
            steppedNext = stepped.Step(token);

        Assert.Equal(prompt.Length, batched.Position);
        Assert.Equal(steppedNext, batchedNext);
        AssertClose(stepped.Hidden.ToArray(), batched.Hidden.ToArray(), 1e-4);
        AssertClose(stepped.Logits, batched.Logits, 1e-4);
        Assert.Contains(batched.Logits, v => Math.Abs(v) > 1e-3);
        // decoding on from the prefilled cache continues the same sequence
        Assert.Equal(stepped.Step(steppedNext), batched.Step(batchedNext));
        AssertClose(stepped.Logits, batched.Logits, 1e-4);
    }

    [Fact]
    public void The_ffn_streamed_from_its_file_reads_the_resident_bytes_and_computes_the_same_tokens()
    {
        using var data = new TempDirectory();
        var weights = OnDeviceWeights.Synthetic(Toy, seed: 9);
        var file = FfnFile.Ensure(data.Path, weights);
        Assert.Equal(file.TotalBytes, new FileInfo(file.Path).Length);
        Assert.Equal(file, FfnFile.Ensure(data.Path, weights)); // reused, not rewritten
        bool direct = DirectIoProbe.Check(file.Path).Supported;
        using var pool = new ComputePool(2);
        using var streamed = new StreamedFfn(file, Toy.DModel, Toy.DFf, direct);
        var fromFlash = new OnDeviceModel(weights, streamed, 16, pool);
        var inDram = new OnDeviceModel(weights, new ResidentFfn(weights), 16, pool);
        int a = 7, b = 7;
        for (int t = 0; t < 5; t++)
        {
            a = fromFlash.Step(a);
            b = inDram.Step(b);
            Assert.Equal(b, a);
            Assert.Equal(inDram.Logits, fromFlash.Logits);
            Assert.Equal(weights.FfnBytes, streamed.LastToken.WeightBytes);
            Assert.Equal(Toy.Layers * file.LayerStride, streamed.LastToken.BytesRead);
        }
        Assert.Equal(weights.FfnBytes, streamed.ReadAllLayers().WeightBytes);
    }

    [Fact]
    public void Rope_leaves_position_zero_alone_and_keeps_every_pair_s_length()
    {
        var rope = new Rope(headDim: 8, maxPositions: 10);
        float[] head = [1, 2, 3, 4, 5, 6, 7, 8, -1, -2, -3, -4, -5, -6, -7, -8];
        var at0 = head.ToArray();
        rope.Apply(at0, 0);
        Assert.Equal(head, at0);
        var at9 = head.ToArray();
        rope.Apply(at9, 9);
        Assert.NotEqual(head, at9);
        for (int h = 0; h < 16; h += 8)
        {
            for (int i = 0; i < 4; i++)
            {
                double before = head[h + i] * head[h + i] + head[h + i + 4] * head[h + i + 4];
                double after = at9[h + i] * at9[h + i] + at9[h + i + 4] * at9[h + i + 4];
                Assert.Equal(before, after, 1e-4);
            }
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => rope.Apply(head, 10));
    }

    [Fact]
    public void Shapes_the_engine_cannot_run_are_refused()
    {
        Assert.Throws<ArgumentException>(() => OnDeviceWeights.CheckShape(ModelShapes.Opt6_7B));
        Assert.Throws<ArgumentException>(() => OnDeviceWeights.CheckShape(Toy with { DFf = 100 }));
        OnDeviceWeights.CheckShape(ModelShapes.Afm3B);
    }

    private static void AssertClose(float[] expected, float[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        double scale = expected.Max(v => Math.Abs(v));
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= relative * scale, $"[{i}] {expected[i]} vs {actual[i]}");
    }
}
