using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Sparsity;

namespace FlashBench.Tests.Inference;

/// <summary>A sequence begun under a relabeling key reads, token by token and layer by layer, as many rows of the same
/// size as the plain sequence, and computes exactly what an engine given the relabeled trace computes: the key changes
/// which rows are read, nothing else.</summary>
public sealed class RelabeledSequenceTests(TinyInferenceFiles files) : IClassFixture<TinyInferenceFiles>
{
    private const ulong Key = 0x5eed_0001;

    [Theory]
    [InlineData(InferenceConfig.Predictor)]
    [InlineData(InferenceConfig.Windowing)]
    [InlineData(InferenceConfig.All)]
    public void A_relabeled_sequence_reads_the_same_amount_and_computes_the_relabeled_trace(InferenceConfig config)
    {
        var setup = files.Setup(config);
        using var plain = new TokenEngine(setup) { RecordOutputs = true };
        var plainTimings = plain.Generate();
        using var relabeled = new TokenEngine(setup) { RecordOutputs = true };
        var relabeledTimings = Generate(relabeled, Key);
        using var given = new TokenEngine(setup with { Trace = TraceRelabeling.Apply(setup.Trace, Key) }) { RecordOutputs = true };
        given.Generate();

        Assert.Equal(plainTimings.Select(Amounts), relabeledTimings.Select(Amounts));
        for (int t = 0; t < setup.Tokens; t++)
            Assert.Equal(given.Outputs[t], relabeled.Outputs[t]);
        Assert.NotEqual(plain.Outputs[^1], relabeled.Outputs[^1]); // other neurons: the key took effect
    }

    [Fact]
    public void A_new_sequence_without_a_key_goes_back_to_the_trace_itself()
    {
        var setup = files.Setup(InferenceConfig.All);
        using var engine = new TokenEngine(setup) { RecordOutputs = true };
        Generate(engine, Key);
        Assert.NotSame(setup.Trace, engine.SequenceTrace);
        engine.Generate();
        Assert.Same(setup.Trace, engine.SequenceTrace);
        using var plain = new TokenEngine(setup) { RecordOutputs = true };
        plain.Generate();
        Assert.Equal(plain.Outputs[^1], engine.Outputs[^1]);
    }

    [Fact]
    public void Interleaved_engines_all_load_the_sequence_under_its_key()
    {
        var configs = new[] { InferenceConfig.Naive, InferenceConfig.Windowing, InferenceConfig.All };
        var engines = configs.Select(c => new TokenEngine(files.Setup(c))).ToList();
        try
        {
            var timings = InterleavedGeneration.Run(engines, relabel: Key);
            var expected = TraceRelabeling.Apply(files.Trace, Key);
            foreach (var sparse in engines.Skip(1))
            {
                for (int t = 0; t < TinyInferenceFiles.Tokens; t++)
                    Assert.Equal(expected.Predicted(t, 0), sparse.SequenceTrace.Predicted(t, 0));
            }
            Assert.Equal(timings[1].Where(t => !t.IsLmHead).Select(t => t.NeuronsHeld), timings[2].Where(t => !t.IsLmHead).Select(t => t.NeuronsHeld));
        }
        finally
        {
            foreach (var engine in engines)
                engine.Dispose();
        }
    }

    private static (int, int, long, long, int, int, int) Amounts(TokenLayerTiming t) =>
        (t.Token, t.Layer, t.BytesLoaded, t.Reads, t.NeuronsLoaded, t.NeuronsHeld, t.NeuronsComputed);

    private static List<TokenLayerTiming> Generate(TokenEngine engine, ulong key)
    {
        engine.BeginSequence(key);
        for (int t = 0; t < engine.Setup.Tokens; t++)
        {
            if (t > 0 && engine.ReadsThroughPageCache)
                engine.EvictWeights();
            engine.GenerateToken(t);
        }
        return engine.EndSequence();
    }
}
