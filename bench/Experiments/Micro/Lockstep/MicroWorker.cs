using System.Diagnostics;
using System.Globalization;

namespace FlashBench.Bench.Experiments.Micro.Lockstep;

/// <summary>One side of a lockstep comparison: serves <see cref="LockstepProtocol"/> over the micro cases of this build,
/// timing each asked slice (a number of calls of one case) with the stopwatch and counting its allocated bytes.
/// Idle between slices, so the other side's slice has the core to itself.</summary>
public static class MicroWorker
{
    public static void Serve(MicroCases cases, TextReader input, TextWriter output)
    {
        foreach (var c in cases.All)
            output.WriteLine(LockstepProtocol.CaseLine(c));
        output.WriteLine(LockstepProtocol.Ready);
        output.Flush();
        while (input.ReadLine() is { } line)
        {
            var parts = line.Split('\t');
            if (parts[0] == LockstepProtocol.Quit)
                return;
            output.WriteLine(Answer(cases, parts));
            output.Flush();
        }
    }

    private static string Answer(MicroCases cases, string[] parts)
    {
        if (parts.Length != 3 || parts[0] != LockstepProtocol.Run)
            return $"{LockstepProtocol.Error}\tunknown request '{string.Join(' ', parts)}'";
        var microCase = cases.All.FirstOrDefault(c => c.Key == parts[1]);
        if (microCase is null)
            return $"{LockstepProtocol.Error}\tno benchmark '{parts[1]}' in this build";
        if (!long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long calls) || calls < 1)
            return $"{LockstepProtocol.Error}\t'{parts[2]}' is not a call count";
        var (nanoseconds, allocated) = Slice(microCase, calls);
        return LockstepProtocol.DoneLine(nanoseconds, allocated);
    }

    /// <summary>Runs <paramref name="calls"/> calls back to back; the sum of their results keeps them observable.</summary>
    public static (double Nanoseconds, long AllocatedBytes) Slice(MicroCase microCase, long calls)
    {
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        long produced = 0;
        for (long i = 0; i < calls; i++)
            produced += microCase.Run();
        long end = Stopwatch.GetTimestamp();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        GC.KeepAlive(produced);
        return ((end - start) * 1e9 / Stopwatch.Frequency, allocated);
    }
}
