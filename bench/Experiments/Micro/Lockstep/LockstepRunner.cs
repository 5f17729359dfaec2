using System.Diagnostics;
using FlashBench.Reporting.Comparison.Lockstep;

namespace FlashBench.Bench.Experiments.Micro.Lockstep;

/// <summary>The design of a lockstep run: rounds (each a fresh pair of worker processes), slice pairs per benchmark and round (at most; fewer when <see cref="SecondsPerBenchmark"/>
/// runs out, never fewer than <see cref="MinimumSlices"/>), the target length of one slice, the warm-up per side, and
/// the benchmarks to run (substrings of family/name; all when empty).</summary>
public sealed record LockstepOptions(int Rounds, int Slices, double SliceMilliseconds, double WarmupMilliseconds, double SecondsPerBenchmark, IReadOnlyList<string> Benchmarks)
{
    public const int MinimumSlices = 10;

    /// <summary>10 rounds of at most 0.8 s of slices per benchmark: the process's own offset, not the slices, limits a
    /// round, so rounds are what buy power (at 99.5 % per gate, 6 rounds detect 2.3 spreads, 10 rounds 1.4). About 5
    /// minutes for the quick profile's 10 benchmarks on the 2-core reference VM, inside compare-commits' 15.</summary>
    public static LockstepOptions Default { get; } = new(Rounds: 10, Slices: 200, SliceMilliseconds: 5, WarmupMilliseconds: 200, SecondsPerBenchmark: 0.8, Benchmarks: []);

    public bool Selects(string key) => Benchmarks.Count == 0 || Benchmarks.Any(b => key.Contains(b, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Runs every benchmark both builds have, base and head alternately in slices of the same number of calls:
/// B H B H …, so every slice follows a slice of the other side and both find the core's caches in the same state (with
/// A B B A, a side that follows itself finds its data still cached: ±5 % on a 1 MiB kernel here). Warm-up first: both
/// sides run growing slices until a slice takes the target length and each side has run for the warm-up time (the JIT
/// has then promoted the hot code). Benchmarks only one build has are returned as not compared. Every round asks
/// <paramref name="start"/> for a fresh pair of sides and disposes them after; base's slice goes first in even rounds.</summary>
public static class LockstepRunner
{
    public static (IReadOnlyList<SliceRow> Rows, IReadOnlyList<string> NotCompared) Run(
        Func<int, (ILockstepSide Base, ILockstepSide Head)> start, LockstepOptions options, Action<string> log)
    {
        var rows = new List<SliceRow>();
        IReadOnlyList<string> notCompared = [];
        for (int round = 0; round < options.Rounds; round++)
        {
            var (baseSide, headSide) = start(round);
            using (baseSide)
            using (headSide)
            {
                var (roundRows, missing) = round % 2 == 0 ? Round(baseSide, headSide, options) : Round(headSide, baseSide, options);
                foreach (var row in roundRows)
                {
                    row.Round = round;
                    row.BaseFirst = round % 2 == 0;
                    if (round % 2 == 1)
                        (row.BaseNanoseconds, row.HeadNanoseconds, row.BaseAllocatedBytes, row.HeadAllocatedBytes) =
                            (row.HeadNanoseconds, row.BaseNanoseconds, row.HeadAllocatedBytes, row.BaseAllocatedBytes);
                }
                foreach (var benchmark in roundRows.GroupBy(r => $"{r.Family}/{r.Benchmark}"))
                    log(Summary(round, benchmark.Key, benchmark.ToList()));
                rows.AddRange(roundRows);
                notCompared = missing;
            }
        }
        return (rows, notCompared);
    }

    /// <summary>One round: <paramref name="baseSide"/>'s slice goes first in every pair (the caller swaps the sides, and
    /// the columns back, in odd rounds).</summary>
    private static (List<SliceRow> Rows, IReadOnlyList<string> NotCompared) Round(ILockstepSide baseSide, ILockstepSide headSide, LockstepOptions options)
    {
        // unselected benchmarks are left out before matching: a worker that knows the filter prepares only its families
        var headKeys = headSide.Cases.Select(c => $"{c.Family}/{c.Name}").Where(options.Selects).ToHashSet();
        var baseKeys = baseSide.Cases.Select(c => $"{c.Family}/{c.Name}").Where(options.Selects).ToHashSet();
        var notCompared = baseKeys.Where(k => !headKeys.Contains(k)).Select(k => $"{k}: only in one build")
            .Concat(headKeys.Where(k => !baseKeys.Contains(k)).Select(k => $"{k}: only in one build")).ToList();
        var rows = new List<SliceRow>();
        foreach (var (family, name, operations) in baseSide.Cases)
        {
            string key = $"{family}/{name}";
            if (!headKeys.Contains(key) || !baseKeys.Contains(key))
                continue;
            long calls = WarmUp(baseSide, headSide, key, options);
            var slices = Slices(baseSide, headSide, key, calls, options);
            rows.AddRange(slices.Select((s, i) => new SliceRow
            {
                Family = family, Benchmark = name, Slice = i, Calls = calls, OperationsPerCall = operations,
                BaseNanoseconds = s.Base.Nanoseconds, HeadNanoseconds = s.Head.Nanoseconds,
                BaseAllocatedBytes = s.Base.AllocatedBytes, HeadAllocatedBytes = s.Head.AllocatedBytes,
            }));
        }
        return (rows, notCompared);
    }

    /// <summary>Calls per slice: doubled until one slice of the base side takes the target length, then run on both sides
    /// until each has spent the warm-up time.</summary>
    private static long WarmUp(ILockstepSide baseSide, ILockstepSide headSide, string key, LockstepOptions options)
    {
        double target = options.SliceMilliseconds * 1e6;
        long calls = 1;
        double spent = 0;
        double perCall = double.MaxValue;
        while (true)
        {
            var (baseNs, _) = baseSide.Run(key, calls);
            var (headNs, _) = headSide.Run(key, calls);
            spent += Math.Min(baseNs, headNs);
            perCall = Math.Min(perCall, baseNs / calls);
            if (baseNs < target / 2)
                calls *= 2;
            else if (spent >= options.WarmupMilliseconds * 1e6)
                break;
        }
        return Math.Max(1, (long)Math.Round(target / perCall));
    }

    private static List<((double Nanoseconds, long AllocatedBytes) Base, (double Nanoseconds, long AllocatedBytes) Head)> Slices(
        ILockstepSide baseSide, ILockstepSide headSide, string key, long calls, LockstepOptions options)
    {
        var slices = new List<((double, long), (double, long))>(options.Slices);
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < options.Slices; i++)
        {
            if (i >= LockstepOptions.MinimumSlices && i % 2 == 0 && clock.Elapsed.TotalSeconds > options.SecondsPerBenchmark)
                break;
            var b = baseSide.Run(key, calls);
            slices.Add((b, headSide.Run(key, calls)));
        }
        return slices;
    }

    /// <summary>One line per benchmark and round, written when the round is done.</summary>
    private static string Summary(int round, string key, IReadOnlyList<SliceRow> rows)
    {
        double Median(Func<SliceRow, double> f) => rows.Select(f).Order().ElementAt(rows.Count / 2);
        return FormattableString.Invariant(
            $"lockstep: round {round + 1}: {key}: {rows.Count} slice pairs of {rows[0].Calls} call(s); base {Median(r => r.BaseNanoseconds / r.Operations):0.0} ns/op, head {Median(r => r.HeadNanoseconds / r.Operations):0.0} ns/op, median ratio {Median(r => r.HeadNanoseconds / r.BaseNanoseconds):0.000}");
    }
}
