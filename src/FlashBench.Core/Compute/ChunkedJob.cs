namespace FlashBench.Core.Compute;

/// <summary>A job over the items 0 … <see cref="Total"/> − 1 in chunks that threads claim one at a time (an
/// atomic counter), so that a thread slowed by another process on its core does not hold the others up.
/// Which thread runs a chunk never changes what the chunk computes.</summary>
public abstract class ChunkedJob : IComputeJob
{
    private int _next;

    public int Total { get; private set; }
    public int Chunk { get; private set; }

    /// <summary>Sets the range for the next run: <paramref name="total"/> items in chunks of
    /// <paramref name="chunk"/> (a multiple of <paramref name="granularity"/>, about 8 chunks per thread).</summary>
    protected void Prepare(int total, int threads, int granularity)
    {
        Total = total;
        int perThread = (total + 8 * threads - 1) / (8 * threads);
        Chunk = Math.Max(granularity, (perThread + granularity - 1) / granularity * granularity);
        _next = 0;
    }

    public void Run(int part, int parts)
    {
        while (true)
        {
            int start = Interlocked.Add(ref _next, Chunk) - Chunk;
            if (start >= Total)
                return;
            Execute(start, Math.Min(start + Chunk, Total));
        }
    }

    /// <summary>Processes items <paramref name="start"/> … <paramref name="end"/> − 1.</summary>
    protected abstract void Execute(int start, int end);
}
