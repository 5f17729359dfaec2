using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Sparsity;

namespace FlashBench.Tests.Inference;

/// <summary>One output, every configuration: with a trace that predicts every neuron active, Naive (all weights
/// read), Hybrid (part resident, part read), Predictor (every neuron read per vector), Windowing (kept in the §3.3
/// matrix) and All (bundles) compute the same FFN over the same rows, only in different orders and blocks, so every
/// token's logits agree within fp32 rounding: |Δ| ≤ 1e-4 · max |logit| + 1e-5 (two layers and the LM head of the tiny
/// shape; the observed differences are below 1e-7 · max |logit|). The compute thread count changes no bit.</summary>
public sealed class SameOutputTests(TinyInferenceFiles files) : IClassFixture<TinyInferenceFiles>
{
    [Fact]
    public void All_configurations_produce_the_same_logits_for_the_same_active_set()
    {
        var everyNeuron = Everything(files.Trace);
        var outputs = InferenceConfigs.All.ToDictionary(c => c, c => Outputs(files.Setup(c) with { Trace = everyNeuron }));
        var reference = outputs[InferenceConfig.Naive];
        Assert.Equal(TinyInferenceFiles.Tokens, reference.Count);
        Assert.Equal(files.Shape.Vocab, reference[0].Length);
        Assert.NotEqual(reference[0], reference[1]); // tokens differ: the comparison is not between constants
        foreach (var (config, output) in outputs)
        {
            for (int t = 0; t < reference.Count; t++)
            {
                double tolerance = 1e-4 * reference[t].Max(Math.Abs) + 1e-5;
                for (int v = 0; v < reference[t].Length; v++)
                    Assert.True(Math.Abs(output[t][v] - reference[t][v]) <= tolerance,
                        $"{config}, token {t}, logit {v}: {output[t][v]} vs Naive {reference[t][v]}");
            }
        }
    }

    [Fact]
    public void A_different_active_set_gives_a_different_output()
    {
        var dense = Outputs(files.Setup(InferenceConfig.Predictor) with { Trace = Everything(files.Trace) });
        var sparse = Outputs(files.Setup(InferenceConfig.Predictor)); // the synthetic trace's few neurons
        Assert.True(Enumerable.Range(0, dense[^1].Length).Max(v => Math.Abs(dense[^1][v] - sparse[^1][v])) > 1e-2);
    }

    [Fact]
    public void Compute_thread_count_changes_no_bit()
    {
        var setup = files.Setup(InferenceConfig.All);
        var one = Outputs(setup with { ComputeThreads = 1 });
        var three = Outputs(setup with { ComputeThreads = 3 });
        for (int t = 0; t < one.Count; t++)
            Assert.Equal(one[t], three[t]);
    }

    [Fact]
    public void The_after_token_hook_runs_once_per_token_and_changes_no_output()
    {
        var setup = files.Setup(InferenceConfig.All);
        var plain = Outputs(setup);
        var seen = new List<int>();
        using var engine = new TokenEngine(setup) { RecordOutputs = true, AfterToken = seen.Add };
        engine.Generate();
        Assert.Equal(Enumerable.Range(0, setup.Tokens), seen);
        for (int t = 0; t < plain.Count; t++)
            Assert.Equal(plain[t], engine.Outputs[t]);
    }

    [Theory]
    [InlineData(InferenceConfig.Naive)]
    [InlineData(InferenceConfig.Hybrid)]
    [InlineData(InferenceConfig.All)]
    public void Stepping_token_by_token_gives_what_generate_gives(InferenceConfig config)
    {
        var setup = files.Setup(config);
        using var whole = new TokenEngine(setup) { RecordOutputs = true };
        var generated = whole.Generate();
        using var stepped = new TokenEngine(setup) { RecordOutputs = true };
        stepped.BeginSequence();
        for (int t = 0; t < setup.Tokens; t++)
        {
            if (t > 0 && stepped.ReadsThroughPageCache)
                stepped.EvictWeights();
            Assert.Equal(t, stepped.NextToken);
            stepped.GenerateToken(t);
        }
        var timings = stepped.EndSequence();
        Assert.Equal(whole.Checksum, stepped.Checksum);
        Assert.Equal(generated.Select(g => (g.Token, g.Layer, g.BytesLoaded, g.Reads, g.NeuronsLoaded, g.NeuronsHeld, g.NeuronsComputed, g.ComputeBytes)),
            timings.Select(g => (g.Token, g.Layer, g.BytesLoaded, g.Reads, g.NeuronsLoaded, g.NeuronsHeld, g.NeuronsComputed, g.ComputeBytes)));
        for (int t = 0; t < setup.Tokens; t++)
            Assert.Equal(whole.Outputs[t], stepped.Outputs[t]);
    }

    [Fact]
    public void A_token_out_of_turn_is_refused()
    {
        using var engine = new TokenEngine(files.Setup(InferenceConfig.All));
        engine.BeginSequence();
        Assert.Throws<InvalidOperationException>(() => engine.GenerateToken(1));
        engine.GenerateToken(0);
        Assert.Throws<InvalidOperationException>(() => engine.GenerateToken(0));
    }

    private static List<float[]> Outputs(EngineSetup setup)
    {
        using var engine = new TokenEngine(setup) { RecordOutputs = true };
        engine.Generate();
        return [.. engine.Outputs];
    }

    /// <summary>The trace's shape with every neuron of every layer predicted (and active) for every token.</summary>
    private static ActivationTrace Everything(ActivationTrace like)
    {
        var all = NeuronSet.From(Enumerable.Range(0, like.NeuronsPerLayer));
        var sets = new NeuronSet[like.Tokens, like.Layers];
        for (int t = 0; t < like.Tokens; t++)
            for (int l = 0; l < like.Layers; l++)
                sets[t, l] = all;
        return new ActivationTrace("every neuron", like.NeuronsPerLayer, sets, sets);
    }
}
