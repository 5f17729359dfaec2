using FlashBench.Reporting.Comparison.Lockstep;

namespace FlashBench.Tests.Comparison.Lockstep;

/// <summary>Synthetic lockstep.csv rows: per round a process offset, per slice a small deterministic wobble.</summary>
internal static class SliceRows
{
    public static List<SliceRow> Of(string family, string benchmark, int rounds, double slowdown, Func<int, double> roundOffset,
        int slices = 20, double baseAllocated = 0, Func<int, double>? extraAllocated = null)
    {
        var rows = new List<SliceRow>();
        for (int round = 0; round < rounds; round++)
        {
            for (int slice = 0; slice < slices; slice++)
            {
                double wobble = 1 + 0.002 * ((slice * 7 % 5) - 2);
                rows.Add(new SliceRow
                {
                    Family = family, Benchmark = benchmark, Round = round, Slice = slice, BaseFirst = round % 2 == 0, Calls = 4, OperationsPerCall = 10,
                    BaseNanoseconds = 40_000, HeadNanoseconds = 40_000 * slowdown * roundOffset(round) * wobble,
                    BaseAllocatedBytes = baseAllocated * 40, HeadAllocatedBytes = (baseAllocated + (extraAllocated?.Invoke(round) ?? 0)) * 40,
                });
            }
        }
        return rows;
    }

    /// <summary>±<paramref name="size"/> around 1, alternating by round.</summary>
    public static Func<int, double> Alternating(double size) => round => round % 2 == 0 ? 1 + size : 1 - size;
}
