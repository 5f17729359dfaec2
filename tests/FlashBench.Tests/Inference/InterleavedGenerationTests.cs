using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Planning;

namespace FlashBench.Tests.Inference;

/// <summary>A model's configurations generated side by side: forward order on even tokens, reverse on odd, every
/// configuration at the same token index (so the same embedding and trace position), and the same outputs and timings'
/// shape as each engine's own <see cref="TokenEngine.Generate"/>.</summary>
public sealed class InterleavedGenerationTests(TinyInferenceFiles files) : IClassFixture<TinyInferenceFiles>
{
    [Fact]
    public void Even_tokens_run_forward_and_odd_tokens_in_reverse()
    {
        Assert.Equal([0, 1, 2, 3, 4], InterleavedGeneration.OrderAt(0, 5));
        Assert.Equal([4, 3, 2, 1, 0], InterleavedGeneration.OrderAt(1, 5));
        Assert.Equal([0, 1, 2, 3, 4], InterleavedGeneration.OrderAt(2, 5));
        Assert.Equal(
            [(0, 0), (0, 1), (0, 2), (1, 2), (1, 1), (1, 0), (2, 0), (2, 1), (2, 2)],
            InterleavedGeneration.Schedule(3, 3));
    }

    [Fact]
    public void Every_configuration_generates_the_same_tokens_in_the_interleaved_order()
    {
        var configs = InferenceConfigs.All;
        var steps = new List<(int Token, int Engine)>();
        var engines = configs.Select(c => new TokenEngine(files.Setup(c)) { RecordOutputs = true }).ToList();
        try
        {
            for (int i = 0; i < engines.Count; i++)
            {
                int index = i;
                engines[i].AfterToken = t => steps.Add((t, index));
            }
            var timings = InterleavedGeneration.Run(engines);

            Assert.Equal(InterleavedGeneration.Schedule(TinyInferenceFiles.Tokens, configs.Count), steps);
            var layers = files.Layers.Append(TokenLayerTiming.LmHeadLayer).ToList();
            foreach (var sequence in timings)
            {
                // token by token, every run layer then the LM head: the same token indices on every side
                var expected = Enumerable.Range(0, TinyInferenceFiles.Tokens).SelectMany(t => layers.Select(l => (t, l)));
                Assert.Equal(expected, sequence.Select(s => (s.Token, s.Layer)));
            }
            // the same trace position: each sparse configuration loads what the trace predicts for that token
            var predictor = timings[configs.ToList().IndexOf(InferenceConfig.Predictor)];
            foreach (var t in predictor.Where(t => !t.IsLmHead))
                Assert.Equal(files.Trace.Predicted(t.Token, files.Layers.ToList().IndexOf(t.Layer)).Count, t.NeuronsLoaded);
        }
        finally
        {
            foreach (var engine in engines)
                engine.Dispose();
        }
    }

    [Fact]
    public void Interleaved_outputs_equal_each_engines_own_generation()
    {
        var configs = new[] { InferenceConfig.Naive, InferenceConfig.Windowing, InferenceConfig.All };
        var alone = configs.Select(c =>
        {
            using var engine = new TokenEngine(files.Setup(c)) { RecordOutputs = true };
            engine.Generate();
            return (Outputs: engine.Outputs.ToList(), engine.Checksum);
        }).ToList();
        var engines = configs.Select(c => new TokenEngine(files.Setup(c)) { RecordOutputs = true }).ToList();
        try
        {
            InterleavedGeneration.Run(engines);
            InterleavedGeneration.Run(engines); // a second iteration starts a fresh sequence on every engine
            for (int i = 0; i < configs.Length; i++)
            {
                Assert.Equal(alone[i].Checksum, engines[i].Checksum);
                Assert.Equal(alone[i].Outputs.Count, engines[i].Outputs.Count);
                for (int t = 0; t < alone[i].Outputs.Count; t++)
                    Assert.Equal(alone[i].Outputs[t], engines[i].Outputs[t]);
            }
        }
        finally
        {
            foreach (var engine in engines)
                engine.Dispose();
        }
    }

    [Fact]
    public void Engines_of_different_lengths_are_refused()
    {
        using var a = new TokenEngine(files.Setup(InferenceConfig.Naive));
        using var b = new TokenEngine(files.Setup(InferenceConfig.All) with { Tokens = TinyInferenceFiles.Tokens - 1 });
        Assert.Throws<ArgumentException>(() => InterleavedGeneration.Run([a, b]));
    }
}
