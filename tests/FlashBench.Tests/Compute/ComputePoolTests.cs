using FlashBench.Core.Compute;

namespace FlashBench.Tests.Compute;

/// <summary>The pool runs every part exactly once per round, on the caller and whichever of its threads join, keeps
/// working after its workers went to sleep, and reports a part's exception to the caller.</summary>
public sealed class ComputePoolTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Every_part_runs_once_per_round(int threads)
    {
        using var pool = new ComputePool(threads);
        var job = new CountingJob(threads);
        for (int round = 1; round <= 200; round++)
        {
            pool.Run(job);
            Assert.All(job.Runs, r => Assert.Equal(round, r));
            if (round % 50 == 0)
                Thread.Sleep(5); // past the spin window: the workers block and must be woken
        }
        Assert.Contains(Environment.CurrentManagedThreadId, job.Threads); // the caller works too
    }

    [Fact]
    public void A_failing_part_is_reported_to_the_caller_and_the_pool_survives()
    {
        using var pool = new ComputePool(3);
        var error = Assert.Throws<AggregateException>(() => pool.Run(new FailingJob(part: 2)));
        Assert.Contains("part 2", error.Message);
        var job = new CountingJob(3);
        pool.Run(job);
        Assert.All(job.Runs, r => Assert.Equal(1, r));
    }

    [Fact]
    public async Task Callers_on_several_threads_share_the_pool_one_round_at_a_time()
    {
        // the all-cores pool is process-wide: a latency run, the bandwidth probe and the kernel benchmark may all
        // reach it; each caller's job must still run every part exactly once
        using var pool = new ComputePool(3);
        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var job = new CountingJob(3);
            for (int round = 1; round <= 2_000; round++)
            {
                pool.Run(job);
                Assert.All(job.Runs, r => Assert.Equal(round, r));
            }
        })).ToArray();
        await Task.WhenAll(callers);
    }

    [Fact]
    public void A_job_that_runs_the_pool_again_is_refused()
    {
        using var pool = new ComputePool(2);
        var error = Assert.Throws<AggregateException>(() => pool.Run(new NestingJob(pool)));
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public void Chunked_job_covers_every_item_once_for_any_thread_count()
    {
        foreach (int threads in new[] { 1, 2, 3 })
        {
            using var pool = new ComputePool(threads);
            foreach (int total in new[] { 0, 1, 7, 100, 1001 })
            {
                var job = new MarkingJob(total, threads);
                pool.Run(job);
                Assert.All(job.Marks, m => Assert.Equal(1, m));
            }
        }
    }

    private sealed class CountingJob(int parts) : IComputeJob
    {
        public int[] Runs { get; } = new int[parts];
        public System.Collections.Concurrent.ConcurrentDictionary<int, bool> ThreadIds { get; } = new();
        public IEnumerable<int> Threads => ThreadIds.Keys;

        public void Run(int part, int count)
        {
            Assert.Equal(Runs.Length, count);
            ThreadIds[Environment.CurrentManagedThreadId] = true;
            Interlocked.Increment(ref Runs[part]);
        }
    }

    private sealed class FailingJob(int part) : IComputeJob
    {
        public void Run(int index, int count)
        {
            if (index == part)
                throw new InvalidOperationException($"part {part} fails");
        }
    }

    private sealed class NestingJob(ComputePool pool) : IComputeJob
    {
        public void Run(int part, int count)
        {
            if (part == 1)
                pool.Run(new CountingJob(count));
        }
    }

    private sealed class MarkingJob : ChunkedJob
    {
        public MarkingJob(int total, int threads)
        {
            Marks = new int[total];
            Prepare(total, threads, granularity: 4);
        }

        public int[] Marks { get; }

        protected override void Execute(int start, int end)
        {
            for (int i = start; i < end; i++)
                Interlocked.Increment(ref Marks[i]);
        }
    }
}
