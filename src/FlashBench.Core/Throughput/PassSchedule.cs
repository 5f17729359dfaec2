
namespace FlashBench.Core.Throughput;

/// <summary>The order in which a grid is measured: <c>passes</c> passes over every point, each in a fresh shuffled
/// order drawn from the run's seed (Fisher–Yates on <see cref="StableHash"/>), so no point always follows the same
/// neighbour or always meets the device at the same moment of the run. The pass is a point's replicate.</summary>
public static class PassSchedule
{
    private const ulong Salt = 0x5041_5353_4F52_4445UL; // "PASSORDE": keeps these draws apart from the offsets'

    public static IReadOnlyList<IReadOnlyList<T>> Orders<T>(IReadOnlyList<T> points, int passes, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(passes);
        return Enumerable.Range(0, passes).Select(pass => Order(points, pass, seed)).ToList();
    }

    /// <summary>The order of one pass.</summary>
    public static IReadOnlyList<T> Order<T>(IReadOnlyList<T> points, int pass, ulong seed)
    {
        var order = points.ToArray();
        ulong key = StableHash.Combine(seed, Salt, (ulong)pass);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = StableHash.Below((uint)StableHash.At(key, (ulong)i), i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
