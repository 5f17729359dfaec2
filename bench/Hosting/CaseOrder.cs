using FlashBench.Core;
using FlashBench.Core.Throughput;

namespace FlashBench.Bench.Hosting;

/// <summary>The order a pass visits an experiment's cases in: the run's <see cref="PassSchedule"/> with the experiment's
/// name folded into the seed, so every pass is in a fresh order, experiments differ, and the same seed repeats it.</summary>
public static class CaseOrder
{
    public static IReadOnlyList<string> Shuffle(IReadOnlyList<string> keys, ulong seed, string experiment, int pass) =>
        PassSchedule.Order(keys, pass, StableHash.Combine(seed, StableHash.Of(experiment)));
}
