namespace FlashBench.Bench.Hosting;

/// <summary>How a plan reaches its benchmark class. BenchmarkDotNet creates the benchmark instances itself, so an
/// in-process run hands the plan over through static state: the host sets it for the session and clears it after,
/// and the benchmark reads <see cref="Current"/>.</summary>
public static class PlanSlot<TPlan> where TPlan : class
{
    private static TPlan? _current;

    public static TPlan Current => _current ?? throw new InvalidOperationException($"no {typeof(TPlan).Name} is set: benchmarks run only through the experiment host");

    /// <summary>Sets the plan until the returned scope is disposed.</summary>
    public static IDisposable Hand(TPlan plan)
    {
        if (_current is not null)
            throw new InvalidOperationException($"a {typeof(TPlan).Name} is already being measured");
        _current = plan;
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        public void Dispose() => _current = null;
    }
}
