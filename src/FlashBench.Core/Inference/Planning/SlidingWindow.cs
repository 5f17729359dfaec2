namespace FlashBench.Core.Inference.Planning;

/// <summary>§3.1 windowing for one layer: DRAM keeps the union of the neurons used by the last k tokens.
/// A new token loads only its neurons not in that union (s_agg(k+1) − s_agg(k)); neurons that no token of
/// the new window uses are evicted. Pure bookkeeping: a use count per neuron over the window.</summary>
public sealed class SlidingWindow
{
    private readonly int[] _uses;
    private readonly Queue<int[]> _window = new();

    public SlidingWindow(int neurons, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        _uses = new int[neurons];
        K = k;
    }

    public int K { get; }

    /// <summary>Neurons currently held (used by at least one of the last k tokens).</summary>
    public int Held { get; private set; }

    /// <summary>Most neurons ever held at once: the paper's Req_i, the rows the §3.3 matrix preallocates.</summary>
    public int PeakHeld { get; private set; }

    /// <summary>Advances by one token using <paramref name="active"/>; fills the neurons to load (not held
    /// before) and those to evict (no longer used by any of the last k tokens, this one included).</summary>
    public void Step(IReadOnlyList<int> active, List<int> toLoad, List<int> toEvict)
    {
        toLoad.Clear();
        toEvict.Clear();
        var current = active.Distinct().ToArray();
        foreach (int neuron in current)
        {
            if (_uses[neuron]++ == 0)
                toLoad.Add(neuron);
        }
        _window.Enqueue(current);
        if (_window.Count > K)
        {
            foreach (int neuron in _window.Dequeue())
            {
                if (--_uses[neuron] == 0)
                    toEvict.Add(neuron);
            }
        }
        Held += toLoad.Count - toEvict.Count;
        PeakHeld = Math.Max(PeakHeld, Held);
    }

    public bool IsHeld(int neuron) => _uses[neuron] > 0;
}
