using FlashBench.Bench.Cli;
using FlashBench.Bench.Experiments.Sparse;
using FlashBench.Core.Memory;
using FlashBench.Core.Models;
using FlashBench.Core.Sparsity;
using FlashBench.Core.Weights;

namespace FlashBench.Tests.Sparse;

/// <summary>A sparse pass loads the trace under a key of its own: the pass's cases share it (their sides load the same
/// neurons), the next pass and a re-measured case get another, and without a seed the trace is loaded as it is.</summary>
public sealed class SparsePlanRelabelingTests
{
    private static readonly ModelShape Shape = ModelShapes.Tiny;
    private static readonly ActivationTrace Trace = SyntheticTraceGenerator.Generate(Shape, new SyntheticTraceOptions { Tokens = 16 });
    private static readonly SparseCase Separate = SparseCase.Of(Precision.Fp16, WeightLayout.Separate, 2, NeuronManager.Slots);
    private static readonly SparseCase Bundled = SparseCase.Of(Precision.Fp16, WeightLayout.Bundled, 2, NeuronManager.Slots);

    [Fact]
    public void Without_a_seed_every_pass_loads_the_trace_itself()
    {
        var plan = Plan(TraceRelabeling.Identity);
        plan.BeginPass(0);
        Assert.Same(Trace, plan.TraceFor(Separate.Key));
        plan.BeginPass(1);
        Assert.Same(Trace, plan.TraceFor(Bundled.Key));
    }

    [Fact]
    public void A_passs_cases_share_its_key_the_next_pass_and_a_re_measurement_get_their_own()
    {
        var plan = Plan(0x5eed);
        plan.BeginPass(0);
        var first = plan.TraceFor(Separate.Key);
        Assert.NotSame(Trace, first);
        Assert.Equal(first.Source, plan.TraceFor(Bundled.Key).Source);

        plan.BeginPass(1);
        var second = plan.TraceFor(Separate.Key);
        Assert.NotEqual(first.Source, second.Source);
        Assert.NotEqual(first.Predicted(3, 0), second.Predicted(3, 0));

        plan.Discard(1, Bundled.Key); // the device slowed under it: measured again
        var again = plan.TraceFor(Bundled.Key);
        Assert.NotEqual(second.Source, again.Source);
        Assert.Equal(second.Source, plan.TraceFor(Separate.Key).Source);

        Assert.Equal(first.Source, Plan(0x5eed).TraceFor(Separate.Key).Source); // the run's seed decides: --seed repeats it
    }

    private static SparsePlan Plan(ulong seed)
    {
        var options = SparseOptions.ForProfile(Profile.Quick, Path.GetTempPath()) with { BaseShape = Shape, Layers = null };
        var cases = new[] { Separate, Bundled }
            .Select(c => new PreparedCase(c, new WeightFile("", new WeightFileFormat(Shape, c.Precision, c.Layout), 0), new int[Shape.Layers]))
            .ToList();
        return new SparsePlan("bundling", options, cases, Trace, startToken: 2, passStride: 4, relabelSeed: seed);
    }
}
