using System.Diagnostics;

namespace FlashBench.Core.Parallel;

/// <summary>A fixed set of dedicated threads that run one body together per round and are joined
/// before the round ends: thread start-up stays out of measured time, and every worker keeps its own
/// state (buffer, offset stream, counters) across rounds, as in Garnet's device benchmark. A round allocates
/// nothing when the caller passes the same delegate every time.</summary>
public sealed class ReaderPool : IDisposable
{
    private readonly Thread[] _threads;
    private readonly Barrier _start;
    private readonly Barrier _finish;
    private readonly Exception?[] _failures;
    private Action<int>? _body;
    private volatile bool _stopping;

    public ReaderPool(int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threadCount);
        ThreadCount = threadCount;
        _start = new Barrier(threadCount + 1);
        _finish = new Barrier(threadCount + 1);
        _failures = new Exception?[threadCount];
        _threads = new Thread[threadCount];
        for (int i = 0; i < threadCount; i++)
        {
            int index = i;
            _threads[i] = new Thread(() => Loop(index)) { IsBackground = true, Name = $"flashbench-reader-{i}" };
            _threads[i].Start();
        }
    }

    public int ThreadCount { get; }

    /// <summary>Runs <paramref name="body"/>(workerIndex) on every thread at once; returns the wall time
    /// from release to the last worker's end.</summary>
    public TimeSpan Run(Action<int> body)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        _body = body;
        Array.Clear(_failures);
        long started = Stopwatch.GetTimestamp();
        _start.SignalAndWait();
        _finish.SignalAndWait();
        var elapsed = Stopwatch.GetElapsedTime(started);
        _body = null;
        foreach (var failure in _failures)
        {
            if (failure is not null)
                throw new AggregateException("a reader thread failed: " + failure.Message, failure);
        }
        return elapsed;
    }

    private void Loop(int index)
    {
        while (true)
        {
            _start.SignalAndWait();
            if (_stopping)
                return;
            try
            {
                _body!(index);
            }
            catch (Exception e)
            {
                _failures[index] = e;
            }
            _finish.SignalAndWait();
        }
    }

    public void Dispose()
    {
        if (_stopping)
            return;
        _stopping = true;
        _start.SignalAndWait();
        foreach (var thread in _threads)
            thread.Join();
        _start.Dispose();
        _finish.Dispose();
    }
}
