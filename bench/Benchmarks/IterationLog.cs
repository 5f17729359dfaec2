namespace FlashBench.Bench.Benchmarks;

/// <summary>Per-iteration facts recorded by an in-process benchmark, keyed by benchmark case.
/// BenchmarkDotNet runs jitting and warm-up iterations before the measured ones and does not tell the
/// benchmark which is which; the measured iterations are the last <c>iterationCount</c> of each case.</summary>
public sealed class IterationLog<T>
{
    private readonly Dictionary<string, List<T>> _byCase = [];
    private readonly List<string> _order = [];
    private readonly Lock _gate = new();

    public void Add(string caseKey, T item)
    {
        lock (_gate)
        {
            if (!_byCase.TryGetValue(caseKey, out var list))
            {
                _byCase[caseKey] = list = [];
                _order.Add(caseKey);
            }
            list.Add(item);
        }
    }

    /// <summary>The last <paramref name="iterationCount"/> entries of every case, cases in the order they ran.</summary>
    public IReadOnlyList<(string Case, IReadOnlyList<T> Items)> Measured(int iterationCount)
    {
        lock (_gate)
        {
            return _order.Select(key => (key, (IReadOnlyList<T>)_byCase[key].TakeLast(iterationCount).ToList())).ToList();
        }
    }
}
