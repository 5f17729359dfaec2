using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Planning;

namespace FlashBench.Tests.Inference;

/// <summary>The bytes each configuration reads per token × layer are exactly what the trace and the window
/// imply (padding of O_DIRECT reads included), computed here independently of the loaders.</summary>
public sealed class BytesMovedTests(TinyInferenceFiles files) : IClassFixture<TinyInferenceFiles>
{
    [Fact]
    public void Naive_moves_the_whole_ffn_and_attention_every_token()
    {
        var format = files.Separate.Format;
        long ffnRegion = (long)format.Parts * files.Shape.DFf * format.PartStride;
        long usefulPerLayer = files.Shape.AttentionWeightsPerLayer * 2 + files.Shape.FfnWeightsPerLayer * 2;
        foreach (var t in Run(InferenceConfig.Naive))
        {
            Assert.Equal(files.Attention.BlockBytes + ffnRegion, t.BytesLoaded);
            Assert.True(t.BytesLoaded >= usefulPerLayer);
            Assert.Equal(files.Shape.DFf, t.NeuronsLoaded);
            Assert.Equal(files.Shape.DFf, t.NeuronsComputed);
        }
    }

    [Fact]
    public void Hybrid_reads_the_non_resident_ffn_only()
    {
        int resident = DramPlan.HybridResidentNeurons(files.Shape, files.Shape.PaperDramFraction);
        Assert.InRange(resident, 1, files.Shape.DFf - 1);
        var format = files.Separate.Format;
        foreach (var t in Run(InferenceConfig.Hybrid))
        {
            Assert.Equal((long)format.Parts * (files.Shape.DFf - resident) * format.PartStride, t.BytesLoaded);
            Assert.Equal(files.Shape.DFf, t.NeuronsComputed);
        }
    }

    [Fact]
    public void Predictor_reads_each_predicted_neuron_part_by_part()
    {
        var format = files.Separate.Format;
        foreach (var t in Run(InferenceConfig.Predictor))
        {
            int predicted = files.Trace.Predicted(t.Token, Slot(t.Layer)).Count;
            Assert.Equal(predicted, t.NeuronsLoaded);
            Assert.Equal((long)predicted * format.Parts * format.PartLength, t.BytesLoaded);
            Assert.Equal((long)predicted * format.Parts, t.Reads);
        }
    }

    [Theory]
    [InlineData(InferenceConfig.Windowing)]
    [InlineData(InferenceConfig.All)]
    public void Window_loads_only_neurons_not_used_by_the_last_k_tokens(InferenceConfig config)
    {
        int k = files.Shape.PaperWindow;
        var format = config.Bundled() ? files.Bundled.Format : files.Separate.Format;
        foreach (var t in Run(config))
        {
            int slot = Slot(t.Layer);
            var recent = Enumerable.Range(Math.Max(0, t.Token - k), t.Token - Math.Max(0, t.Token - k))
                .SelectMany(j => files.Trace.Predicted(j, slot).AsEnumerable()).ToHashSet();
            int fresh = files.Trace.Predicted(t.Token, slot).AsEnumerable().Count(n => !recent.Contains(n));
            var held = Enumerable.Range(Math.Max(0, t.Token - k + 1), t.Token - Math.Max(0, t.Token - k + 1) + 1)
                .SelectMany(j => files.Trace.Predicted(j, slot).AsEnumerable()).Distinct().Count();
            Assert.Equal(fresh, t.NeuronsLoaded);
            Assert.Equal((long)fresh * format.NeuronReadBytes, t.BytesLoaded);
            Assert.Equal((long)fresh * format.ReadsPerNeuron, t.Reads);
            Assert.Equal(held, t.NeuronsHeld);
            Assert.Equal(held, t.NeuronsComputed);
        }
    }

    [Fact]
    public void Bundling_needs_one_read_per_neuron_and_separate_one_per_matrix()
    {
        Assert.Equal(1, files.Bundled.Format.ReadsPerNeuron);
        Assert.Equal(files.Shape.FfnMatrices, files.Separate.Format.ReadsPerNeuron);
    }

    private int Slot(int layer) => files.Layers.ToList().IndexOf(layer);

    [Theory]
    [InlineData(InferenceConfig.Naive)]
    [InlineData(InferenceConfig.Predictor)]
    [InlineData(InferenceConfig.All)]
    public void Weight_bytes_exclude_padding_and_compute_bytes_count_what_the_kernels_stream(InferenceConfig config)
    {
        var format = config.Bundled() ? files.Bundled.Format : files.Separate.Format;
        var layout = Core.Inference.Kernels.NeuronRowLayout.Of(files.Shape);
        foreach (var t in Run(config))
        {
            long attention = config == InferenceConfig.Naive ? files.Attention.WeightBytes : 0;
            Assert.Equal(attention + (long)t.NeuronsLoaded * format.NeuronBytes, t.WeightBytesLoaded);
            Assert.True(t.WeightBytesLoaded <= t.BytesLoaded);
            long predictor = config.UsesPredictor() ? (long)files.Shape.PredictorRank(t.Layer) * (files.Shape.DModel + files.Shape.DFf) : 0;
            long ffnMin = layout.StreamedWeights(t.NeuronsComputed, 0), ffnMax = layout.StreamedWeights(t.NeuronsComputed, t.NeuronsComputed);
            long fixedPart = files.Shape.AttentionWeightsPerLayer + predictor;
            Assert.InRange(t.ComputeBytes, 2 * (fixedPart + ffnMin), 2 * (fixedPart + ffnMax));
        }
    }

    [Fact]
    public void Every_token_ends_with_the_lm_head_and_layer_weights_cover_the_model()
    {
        using var engine = new TokenEngine(files.Setup(InferenceConfig.Windowing));
        var timings = engine.Generate();
        var heads = timings.Where(t => t.IsLmHead).ToList();
        Assert.Equal(Enumerable.Range(0, TinyInferenceFiles.Tokens), heads.Select(h => h.Token));
        Assert.All(heads, h =>
        {
            Assert.Equal((long)files.Shape.Vocab * files.Shape.DModel * 2, h.ComputeBytes);
            Assert.Equal(0, h.BytesLoaded);
            Assert.Equal(1, h.LayerWeight);
        });
        foreach (var token in timings.Where(t => !t.IsLmHead).GroupBy(t => t.Token))
            Assert.Equal(files.Shape.Layers, token.Sum(t => t.LayerWeight), 9);
        // each token: its layers in order, then the head
        Assert.Equal([0, 3, -1], timings.Take(3).Select(t => t.Layer));
    }

    private List<TokenLayerTiming> Run(InferenceConfig config)
    {
        using var engine = new TokenEngine(files.Setup(config));
        var timings = engine.Generate();
        Assert.Equal(TinyInferenceFiles.Tokens * (files.Layers.Count + 1), timings.Count);
        // a second sequence on the same engine starts fresh: same bytes again
        var again = engine.Generate();
        Assert.Equal(timings.Select(t => t.BytesLoaded), again.Select(t => t.BytesLoaded));
        return timings.Where(t => !t.IsLmHead).ToList();
    }
}
