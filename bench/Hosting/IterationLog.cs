namespace FlashBench.Bench.Hosting;

/// <summary>Per-iteration facts recorded by an in-process benchmark, keyed by pass and benchmark case.
/// BenchmarkDotNet runs jitting and warm-up iterations before the measured ones and does not tell the
/// benchmark which is which; the measured iterations are the last <c>iterationCount</c> of each case in each pass.</summary>
public sealed class IterationLog<T>
{
    private readonly Dictionary<(int Pass, string Case), List<T>> _entries = [];
    private readonly List<(int Pass, string Case)> _order = [];
    private readonly Lock _gate = new();
    private int _pass;

    /// <summary>Entries added from now on belong to <paramref name="pass"/>.</summary>
    public void StartPass(int pass)
    {
        lock (_gate)
            _pass = pass;
    }

    public void Add(string caseKey, T item)
    {
        lock (_gate)
        {
            var key = (_pass, caseKey);
            if (!_entries.TryGetValue(key, out var list))
            {
                _entries[key] = list = [];
                _order.Add(key);
            }
            list.Add(item);
        }
    }

    /// <summary>Forgets every entry of (<paramref name="pass"/>, <paramref name="caseKey"/>): the case is measured again.</summary>
    public void Discard(int pass, string caseKey)
    {
        lock (_gate)
        {
            _entries.Remove((pass, caseKey));
            _order.Remove((pass, caseKey));
        }
    }

    /// <summary>Every entry of (<paramref name="pass"/>, <paramref name="caseKey"/>), BenchmarkDotNet's jitting and warm-up
    /// iterations included.</summary>
    public IReadOnlyList<T> All(int pass, string caseKey)
    {
        lock (_gate)
            return _entries.TryGetValue((pass, caseKey), out var list) ? [.. list] : [];
    }

    /// <summary>The last <paramref name="iterationCount"/> entries of every case of every pass, in the order they ran.</summary>
    public IReadOnlyList<(int Pass, string Case, IReadOnlyList<T> Items)> Measured(int iterationCount)
    {
        lock (_gate)
            return _order.Select(key => (key.Pass, key.Case, (IReadOnlyList<T>)_entries[key].TakeLast(iterationCount).ToList())).ToList();
    }
}
