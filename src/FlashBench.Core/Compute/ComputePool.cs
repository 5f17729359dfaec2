using System.Diagnostics;

namespace FlashBench.Core.Compute;

/// <summary>Work that a <see cref="ComputePool"/> splits: part <c>part</c> of <c>parts</c> runs on one thread.</summary>
public interface IComputeJob
{
    void Run(int part, int parts);
}

/// <summary>Persistent compute threads for the kernels: <see cref="Threads"/> − 1 dedicated threads, created once,
/// plus the calling thread. A round costs a few hundred nanoseconds while the workers are awake: after a round they
/// spin for <see cref="SpinBeforeSleep"/> (matrix-vector products of one layer follow each other within
/// microseconds), then block, so that idle workers do not take CPU from the 32 reader threads during the I/O phase of
/// a token. No thread is started per call.
/// <para>Parts are claimed, not assigned: the caller and every worker that has joined the round take part indices
/// from one counter until none is left, and the caller waits only for workers that joined. A worker that wakes late
/// (a blocked thread takes 30–100 µs to wake on a virtual machine, and a vCPU the host has descheduled can be away for
/// milliseconds) no longer holds the round: the caller runs its parts and moves on, and the worker skips the round
/// it missed. Callers on several threads take turns (one round at a time); a job must not run its own pool again.</para></summary>
public sealed class ComputePool : IDisposable
{
    /// <summary>How long an idle worker spins before it blocks: longer than the gap between the kernels of one
    /// layer (norms, softmax: microseconds), far shorter than a token's flash reads (milliseconds).</summary>
    public static readonly TimeSpan SpinBeforeSleep = TimeSpan.FromMicroseconds(50);

    private static readonly long SpinTicks = (long)(SpinBeforeSleep.TotalSeconds * Stopwatch.Frequency);

    private readonly Thread[] _workers;
    private readonly object _gate = new();
    private readonly Lock _round = new();
    private readonly Exception?[] _failures;
    private IComputeJob? _job;
    private long _generation;
    /// <summary>The generation whose parts may still be claimed; 0 once the caller has closed the round.</summary>
    private long _open;
    private int _nextPart;
    /// <summary>Workers inside a round (joined, not yet left): the caller waits for these only.</summary>
    private int _active;
    private int _sleepers;
    private volatile bool _stopping;

    [ThreadStatic]
    private static ComputePool? t_runningPart;

    public ComputePool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        Threads = threads;
        _failures = new Exception?[threads];
        _workers = new Thread[threads - 1];
        for (int i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(Loop) { IsBackground = true, Name = $"flashbench-compute-{i + 1}" };
            _workers[i].Start();
        }
    }

    /// <summary>Threads that share a job, the caller included.</summary>
    public int Threads { get; }

    /// <summary>No worker threads: every job runs on the caller.</summary>
    public static ComputePool Single { get; } = new(1);

    /// <summary>One thread per logical core, created on first use and kept for the life of the process.</summary>
    public static ComputePool AllCores => LazyAllCores.Value;

    private static readonly Lazy<ComputePool> LazyAllCores = new(() => new ComputePool(Environment.ProcessorCount));

    /// <summary>Runs parts 0 … <see cref="Threads"/> − 1 of <paramref name="job"/>, each exactly once, on the caller and
    /// whichever workers join in time, and returns when all parts are done.</summary>
    public void Run(IComputeJob job)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (t_runningPart == this)
            throw new InvalidOperationException("a compute job ran its own pool again: the pool runs one round at a time");
        if (Threads == 1)
        {
            RunPart(job, 0);
            return;
        }
        // the process-wide AllCores pool is reached from the probe, the kernel benchmark and the engine
        lock (_round)
            RunRound(job);
    }

    private void RunRound(IComputeJob job)
    {
        _job = job;
        Array.Clear(_failures);
        _nextPart = 0;
        long generation = _generation + 1;
        Volatile.Write(ref _open, generation);
        Interlocked.Exchange(ref _generation, generation);
        if (Volatile.Read(ref _sleepers) > 0)
        {
            lock (_gate)
                Monitor.PulseAll(_gate);
        }
        try
        {
            ClaimParts(job);
        }
        finally
        {
            // late workers see the round closed and skip it; those inside finish their parts first
            Interlocked.Exchange(ref _open, 0);
            var spin = new SpinWait();
            while (Volatile.Read(ref _active) != 0)
                spin.SpinOnce(sleep1Threshold: -1);
            _job = null;
        }
        var failure = Array.Find(_failures, f => f is not null);
        if (failure is not null)
            throw new AggregateException("a compute thread failed: " + failure.Message, failure);
    }

    private void ClaimParts(IComputeJob job)
    {
        int part;
        while ((part = Interlocked.Increment(ref _nextPart) - 1) < Threads)
        {
            try
            {
                RunPart(job, part);
            }
            catch (Exception e)
            {
                _failures[part] = e;
            }
        }
    }

    private void Loop()
    {
        long seen = 0;
        while (true)
        {
            seen = WaitForRound(seen);
            if (_stopping)
                return;
            Interlocked.Increment(ref _active);
            // joined before the caller closed the round: the job is still set and the caller waits for us
            if (Volatile.Read(ref _open) == seen)
                ClaimParts(_job!);
            Interlocked.Decrement(ref _active);
        }
    }

    private void RunPart(IComputeJob job, int part)
    {
        var outer = t_runningPart;
        t_runningPart = this;
        try
        {
            job.Run(part, Threads);
        }
        finally
        {
            t_runningPart = outer;
        }
    }

    /// <summary>Spins until the generation moves past <paramref name="seen"/>, then blocks; returns the new generation.</summary>
    private long WaitForRound(long seen)
    {
        long started = Stopwatch.GetTimestamp();
        var spin = new SpinWait();
        while (true)
        {
            long generation = Volatile.Read(ref _generation);
            if (generation != seen || _stopping)
                return generation;
            if (Stopwatch.GetTimestamp() - started < SpinTicks)
            {
                spin.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            lock (_gate)
            {
                // the caller bumps the generation before it reads _sleepers; we count ourselves before re-reading it
                Interlocked.Increment(ref _sleepers);
                while (Volatile.Read(ref _generation) == seen && !_stopping)
                    Monitor.Wait(_gate);
                Interlocked.Decrement(ref _sleepers);
            }
        }
    }

    public void Dispose()
    {
        if (_stopping || this == Single)
            return;
        _stopping = true;
        lock (_gate)
            Monitor.PulseAll(_gate);
        foreach (var worker in _workers)
            worker.Join();
    }
}
