using FlashBench.Core.Loading;
using FlashBench.Core.Memory;
using FlashBench.Core.Sparsity;

namespace FlashBench.Tests.Sparse;

public sealed class WindowingTests(SparseFiles files) : IClassFixture<SparseFiles>
{
    /// <summary>One layer of 16 neurons, 7 tokens, chosen by hand so that neurons leave and come back.</summary>
    private static readonly int[][] Sets =
    [
        [1, 2, 3, 4],
        [2, 3, 5],
        [1, 6, 7],
        [2, 3, 8, 9],
        [1, 2, 10],
        [11, 12],
        [1, 2, 3, 4, 5],
    ];

    private static int UnionSize(int from, int to) =>
        Enumerable.Range(Math.Max(0, from), to - Math.Max(0, from) + 1).SelectMany(t => Sets[t]).Distinct().Count();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void Each_token_loads_s_agg_k_plus_1_minus_s_agg_k(int k)
    {
        var window = new LayerWindow(k, 16);
        for (int t = 0; t < Sets.Length; t++)
        {
            var (_, load) = window.Advance(t, NeuronSet.From(Sets[t]));
            // s_agg(k+1) ending at t minus s_agg(k) ending at t−1: what tokens t−k…t need beyond tokens t−k…t−1
            int expected = UnionSize(t - k, t) - (t == 0 ? 0 : UnionSize(t - k, t - 1));
            Assert.Equal(expected, load.Length);
            Assert.Equal(UnionSize(t - k + 1, t), window.ResidentCount);
        }
    }

    [Fact]
    public void Window_0_reloads_everything_every_token()
    {
        var window = new LayerWindow(0, 16);
        for (int t = 0; t < Sets.Length; t++)
        {
            var (delete, load) = window.Advance(t, NeuronSet.From(Sets[t]));
            Assert.Equal(Sets[t].Length, load.Length);
            Assert.Equal(t == 0 ? 0 : Sets[t - 1].Length, delete.Length);
        }
    }

    [Fact]
    public void Hand_worked_example_k_2()
    {
        var window = new LayerWindow(2, 16);
        window.Advance(0, NeuronSet.From(Sets[0]));
        window.Advance(1, NeuronSet.From(Sets[1]));
        var (delete, load) = window.Advance(2, NeuronSet.From(Sets[2]));
        Assert.Equal([6, 7], load);       // 1 was held from token 0 (within k = 2 of token 2)
        Assert.Equal([4], delete);        // token 0 left the window; 2, 3 still needed by token 1, 1 by token 2
    }

    [Fact]
    public void Tokens_must_increase()
    {
        var window = new LayerWindow(2, 16);
        window.Advance(3, NeuronSet.Of(1));
        Assert.Throws<InvalidOperationException>(() => window.Advance(3, NeuronSet.Of(1)));
    }

    [Theory]
    [InlineData(NeuronManager.Slots)]
    [InlineData(NeuronManager.Naive)]
    public void Real_loader_reads_exactly_the_increment_from_the_file(NeuronManager manager)
    {
        const int k = 2;
        var active = new NeuronSet[Sets.Length, 4];
        for (int t = 0; t < Sets.Length; t++)
        {
            for (int l = 0; l < 4; l++)
                active[t, l] = NeuronSet.From(Sets[t].Select(id => id * 8 + l));
        }
        var trace = new ActivationTrace("hand-made", 256, active, active);
        using var loader = new NeuronLoader(files.Bundled, new LoaderOptions(k, 3, manager, files.Method, Verify: true), ResidentRequirement.For(trace, k));
        for (int t = 0; t < Sets.Length; t++)
        {
            var result = loader.LoadToken(t, trace);
            int expected = 4 * (UnionSize(t - k, t) - (t == 0 ? 0 : UnionSize(t - k, t - 1)));
            Assert.Equal(expected, result.NeuronsLoaded);
            Assert.Equal(expected * (long)files.Bundled.Format.BundleReadLength, result.BytesRead);
            Assert.Equal(4 * UnionSize(t - k + 1, t), loader.ResidentNeurons);
        }
    }

    [Fact]
    public void Req_is_the_largest_window_union()
    {
        var active = new NeuronSet[Sets.Length, 1];
        for (int t = 0; t < Sets.Length; t++)
            active[t, 0] = NeuronSet.From(Sets[t]);
        var trace = new ActivationTrace("hand-made", 16, active, active);
        Assert.Equal(Enumerable.Range(0, Sets.Length).Max(t => UnionSize(t - 2, t)), ResidentRequirement.For(trace, 3)[0]);
        Assert.Equal(5, ResidentRequirement.For(trace, 0)[0]);
    }
}
