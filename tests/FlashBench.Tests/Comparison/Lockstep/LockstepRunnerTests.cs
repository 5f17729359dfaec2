using FlashBench.Bench.Experiments.Micro;
using FlashBench.Bench.Experiments.Micro.Lockstep;

namespace FlashBench.Tests.Comparison.Lockstep;

public sealed class LockstepRunnerTests
{
    /// <summary>A side whose slices take a fixed time per call (no clock): what the runner records is then known.</summary>
    private sealed class FixedSide(double nanosecondsPerCall, params string[] names) : ILockstepSide
    {
        public List<(string Key, long Calls)> Asked { get; } = [];
        public bool Disposed { get; private set; }

        public IReadOnlyList<(string Family, string Name, int OperationsPerCall)> Cases { get; } =
            names.Select(n => ("window", n, 1)).ToList();

        public (double Nanoseconds, long AllocatedBytes) Run(string key, long calls)
        {
            Asked.Add((key, calls));
            return (nanosecondsPerCall * calls, 0);
        }

        public void Dispose() => Disposed = true;
    }

    private static readonly LockstepOptions Options = new(Rounds: 3, Slices: 12, SliceMilliseconds: 0.01, WarmupMilliseconds: 0, SecondsPerBenchmark: 60, Benchmarks: []);

    [Fact]
    public void Every_round_uses_fresh_sides_and_keeps_base_and_head_in_their_columns()
    {
        var sides = new List<FixedSide>();
        var (rows, notCompared) = LockstepRunner.Run(_ =>
        {
            var pair = (new FixedSide(1000, "a", "only in base"), new FixedSide(1500, "a"));
            sides.AddRange([pair.Item1, pair.Item2]);
            return pair;
        }, Options, _ => { });

        Assert.Equal(6, sides.Count);
        Assert.All(sides, s => Assert.True(s.Disposed));
        Assert.Equal(3 * 12, rows.Count);
        Assert.All(rows, r => Assert.Equal(1.5, r.HeadNanoseconds / r.BaseNanoseconds, 12));
        Assert.Equal([true, false, true], rows.GroupBy(r => r.Round).Select(g => g.First().BaseFirst));
        Assert.Equal(["window/only in base: only in one build"], notCompared);
    }

    [Fact]
    public void Both_sides_run_the_same_calls_in_strict_alternation()
    {
        var (baseSide, headSide) = (new FixedSide(1000, "a"), new FixedSide(1000, "a"));
        LockstepRunner.Run(_ => (baseSide, headSide), Options with { Rounds = 1 }, _ => { });

        Assert.Equal(baseSide.Asked, headSide.Asked);
        // the target slice is 10 µs: warm-up doubles 1 → 8 calls (≥ half the target), then slices of 10 calls
        Assert.Equal(10, baseSide.Asked[^1].Calls);
    }

    [Fact]
    public void The_filter_selects_benchmarks_by_family_and_name()
    {
        var (rows, _) = LockstepRunner.Run(_ => (new FixedSide(1000, "a", "b"), new FixedSide(1000, "a", "b")),
            Options with { Rounds = 1, Benchmarks = ["window/b"] }, _ => { });

        Assert.All(rows, r => Assert.Equal("b", r.Benchmark));
    }

    [Fact]
    public void A_benchmark_the_filter_leaves_out_is_not_reported_as_missing_from_one_build()
    {
        // a worker that knows the filter prepares only its families; an older one prepares everything
        var (rows, notCompared) = LockstepRunner.Run(_ => (new FixedSide(1000, "a", "b"), new FixedSide(1000, "a")),
            Options with { Rounds = 1, Benchmarks = ["window/a"] }, _ => { });

        Assert.All(rows, r => Assert.Equal("a", r.Benchmark));
        Assert.Empty(notCompared);
    }

    private sealed class CountingCase : MicroCase
    {
        public int Calls { get; private set; }
        public override string Family => "window";
        public override string Name => "count";
        public override string Description => "counts its calls";
        public override long Run() => ++Calls;
    }

    [Fact]
    public void The_worker_announces_its_cases_and_answers_slices_and_errors()
    {
        var counting = new CountingCase();
        using var cases = new MicroCases([counting], []);
        var output = new StringWriter();

        MicroWorker.Serve(cases, new StringReader("run\twindow/count\t5\nrun\twindow/none\t1\nrun\twindow/count\tmany\nquit\nrun\twindow/count\t1\n"), output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("case\twindow\tcount\t1", lines[0]);
        Assert.Equal("ready", lines[1]);
        Assert.StartsWith("done\t", lines[2]);
        Assert.Equal("error\tno benchmark 'window/none' in this build", lines[3]);
        Assert.StartsWith("error\t'many'", lines[4]);
        Assert.Equal(5, lines.Length);
        Assert.Equal(5, counting.Calls);
    }

    [Fact]
    public void Cpu_lists_count_their_cpus()
    {
        Assert.Equal(1, WorkerProcess.CpuCount("1"));
        Assert.Equal(3, WorkerProcess.CpuCount("0,2-3"));
    }
}
