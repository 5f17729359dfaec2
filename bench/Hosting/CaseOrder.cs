using FlashBench.Core;

namespace FlashBench.Bench.Hosting;

/// <summary>The order a pass visits the cases in: a shuffle seeded by the run's seed, the experiment and the pass,
/// so every pass is in a fresh order and the same seed repeats it.</summary>
public static class CaseOrder
{
    public static IReadOnlyList<string> Shuffle(IReadOnlyList<string> keys, ulong seed, string experiment, int pass)
    {
        var order = keys.ToArray();
        var random = new Random((int)(StableHash.Of(seed, StableHash.Of(experiment), (ulong)pass) & int.MaxValue));
        random.Shuffle(order);
        return order;
    }
}
