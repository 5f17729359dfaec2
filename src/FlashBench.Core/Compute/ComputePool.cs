using System.Diagnostics;

namespace FlashBench.Core.Compute;

/// <summary>Work that a <see cref="ComputePool"/> splits: part <c>part</c> of <c>parts</c> runs on one thread.</summary>
public interface IComputeJob
{
    void Run(int part, int parts);
}

/// <summary>Persistent compute threads for the kernels: <see cref="Threads"/> − 1 dedicated threads, created once,
/// plus the calling thread, which always runs part 0. A round costs a few hundred nanoseconds while the workers
/// are awake: after a round they spin for <see cref="SpinBeforeSleep"/> (matrix-vector products of one layer
/// follow each other within microseconds), then block, so that idle workers do not take CPU from the 32 reader
/// threads during the I/O phase of a token. No thread is started per call. Callers on several threads take turns
/// (one round at a time); a job must not run its own pool again.</summary>
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
    private int _pending;
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
            int part = i + 1;
            _workers[i] = new Thread(() => Loop(part)) { IsBackground = true, Name = $"flashbench-compute-{part}" };
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

    /// <summary>Runs <paramref name="job"/> on every thread (part 0 on the caller) and returns when all parts are done.</summary>
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
        Volatile.Write(ref _pending, Threads - 1);
        Interlocked.Increment(ref _generation);
        if (Volatile.Read(ref _sleepers) > 0)
        {
            lock (_gate)
                Monitor.PulseAll(_gate);
        }
        try
        {
            RunPart(job, 0);
        }
        finally
        {
            var spin = new SpinWait();
            while (Volatile.Read(ref _pending) != 0)
                spin.SpinOnce(sleep1Threshold: -1);
            _job = null;
        }
        var failure = Array.Find(_failures, f => f is not null);
        if (failure is not null)
            throw new AggregateException("a compute thread failed: " + failure.Message, failure);
    }

    private void Loop(int part)
    {
        long seen = 0;
        while (true)
        {
            seen = WaitForRound(seen);
            if (_stopping)
                return;
            try
            {
                RunPart(_job!, part);
            }
            catch (Exception e)
            {
                _failures[part] = e;
            }
            Interlocked.Decrement(ref _pending);
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
