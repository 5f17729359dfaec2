using FlashBench.Bench.Experiments.Latency;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Results;
using FlashBench.Core.Sparsity;

namespace FlashBench.Tests.Inference;

/// <summary>One latency case per model: its rows stay one per configuration × token × layer, carry the device state of
/// their (pass, model) measurement, and a discarded measurement leaves no row.</summary>
public sealed class LatencyPlanTests(TinyInferenceFiles files) : IClassFixture<TinyInferenceFiles>
{
    private static readonly InferenceConfig[] Configs = [InferenceConfig.Naive, InferenceConfig.Hybrid, InferenceConfig.All];

    [Fact]
    public void One_case_per_model_and_one_row_per_configuration_token_and_layer()
    {
        var plan = Plan();
        Assert.Equal([files.Shape.Name], plan.CaseKeys);
        Assert.Equal(Configs.Length * 3, LatencyPlan.IoControlMeasurements(plan.Cases, iterations: 2, warmups: 0)); // + the jitting invocation
        plan.BeginPass(0);
        plan.Log.Add(files.Shape.Name, Iteration());
        var rows = plan.Rows();
        int perSequence = TinyInferenceFiles.Tokens * (files.Layers.Count + 1);
        Assert.Equal(Configs.Length * perSequence, rows.Count);
        Assert.Equal(Configs.Select(c => c.Name()), rows.Select(r => r.Config).Distinct());
        Assert.All(rows, r => Assert.Equal(files.Shape.Name, r.Model));
        Assert.All(rows, r => Assert.Equal(DeviceStates.Unwatched, r.DeviceState));
    }

    [Fact]
    public void Rows_carry_the_device_state_of_their_pass_and_a_discarded_pass_leaves_none()
    {
        var plan = Plan();
        string key = files.Shape.Name;
        for (int pass = 0; pass < 2; pass++)
        {
            plan.BeginPass(pass);
            plan.Log.Add(key, Iteration());
        }
        plan.Device.Set(0, key, DeviceStates.Steady);
        plan.Device.Set(1, key, DeviceStates.Degraded);
        var rows = plan.Rows();
        Assert.All(rows.Where(r => r.Iteration == 0), r => Assert.Equal(DeviceStates.Steady, r.DeviceState));
        Assert.All(rows.Where(r => r.Iteration == 1), r => Assert.Equal(DeviceStates.Degraded, r.DeviceState));
        Assert.Equal(rows.Count / 2, rows.Count(r => r.Iteration == 1));

        plan.Discard(1, key);
        Assert.All(plan.Rows(), r => Assert.Equal(0, r.Iteration));
        Assert.Equal(rows.Count / 2, plan.Rows().Count);
    }

    [Fact]
    public void Every_sequence_of_a_run_gets_a_relabeling_key_of_its_own_drawn_from_the_run_seed()
    {
        string key = files.Shape.Name;
        Assert.Equal(TraceRelabeling.Identity, Plan().NextRelabel(key)); // no seed: the trace as it is

        var plan = SeededPlan(0x5eed);
        var keys = Enumerable.Range(0, 5).Select(_ => plan.NextRelabel(key)).ToList();
        Assert.DoesNotContain(TraceRelabeling.Identity, keys);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.NotEqual(keys[0], plan.NextRelabel("another model")); // a case counts its own sequences under its own key

        var again = SeededPlan(0x5eed);
        Assert.Equal(keys, Enumerable.Range(0, 5).Select(_ => again.NextRelabel(key)));
        var otherRun = SeededPlan(0x5eee);
        Assert.Empty(keys.Intersect(Enumerable.Range(0, 5).Select(_ => otherRun.NextRelabel(key))));
    }

    private LatencyPlan SeededPlan(ulong seed) =>
        new([new LatencyCase(files.Shape.Name, Configs.Select(files.Setup).ToList())], iterations: 1, warmups: 0, relabelSeed: seed);

    private LatencyPlan Plan() =>
        new([new LatencyCase(files.Shape.Name, Configs.Select(files.Setup).ToList())], iterations: 1, warmups: 0);

    /// <summary>One iteration's record: every configuration's sequence with placeholder timings.</summary>
    private InterleavedIteration Iteration() => new(Configs.Select(config => new GeneratedSequence(config, 0, "direct",
        Enumerable.Range(0, TinyInferenceFiles.Tokens).SelectMany(t => files.Layers.Append(TokenLayerTiming.LmHeadLayer)
            .Select(layer => new TokenLayerTiming(t, layer, 1, 0, 1, 4096, 1, 1, 0, 1, LayerWeight: 1))).ToList(),
        [])).ToList());
}
