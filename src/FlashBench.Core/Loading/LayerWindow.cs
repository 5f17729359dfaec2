using FlashBench.Core.Sparsity;

namespace FlashBench.Core.Loading;

/// <summary>Pure bookkeeping of the sliding window of one layer (§3.1), no I/O: which neurons to delete and
/// which to load when a token needs <c>needed</c>. With k ≥ 1, after token t the layer holds the union of the
/// predicted sets of tokens t−k+1…t, so token t loads exactly s_agg(k+1) − s_agg(k) neurons: those of P_t
/// that none of tokens t−k…t−1 needed. With k = 0 everything is dropped and reloaded.</summary>
public sealed class LayerWindow
{
    private readonly int _window;
    private readonly int[] _count;
    private readonly Queue<NeuronSet> _history = new();
    private readonly bool[] _resident;
    private int _lastToken = -1;

    public LayerWindow(int window, int neuronsPerLayer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        _window = window;
        _count = new int[neuronsPerLayer];
        _resident = new bool[neuronsPerLayer];
    }

    public int ResidentCount { get; private set; }

    public bool IsResident(int neuron) => _resident[neuron];

    /// <summary>Advances the window to <paramref name="token"/> and returns the neurons to delete and to load, in increasing id order.</summary>
    public (int[] Delete, int[] Load) Advance(int token, NeuronSet needed)
    {
        if (token <= _lastToken)
            throw new InvalidOperationException($"tokens must increase: token {token} after {_lastToken}");
        if (needed.Max >= _count.Length)
            throw new ArgumentOutOfRangeException(nameof(needed), $"neuron {needed.Max} is outside a layer of {_count.Length}");
        _lastToken = token;
        var delete = new List<int>();
        if (_window == 0)
        {
            for (int id = 0; id < _resident.Length; id++)
            {
                if (_resident[id])
                    delete.Add(id);
            }
        }
        else if (_history.Count == _window)
        {
            foreach (int id in _history.Dequeue().Ids)
            {
                if (--_count[id] == 0 && !needed.Contains(id))
                    delete.Add(id);
            }
        }
        foreach (int id in delete)
            _resident[id] = false;
        ResidentCount -= delete.Count;

        var load = new List<int>();
        foreach (int id in needed.Ids)
        {
            if (!_resident[id])
            {
                load.Add(id);
                _resident[id] = true;
            }
        }
        ResidentCount += load.Count;
        if (_window > 0)
        {
            _history.Enqueue(needed);
            foreach (int id in needed.Ids)
                _count[id]++;
        }
        delete.Sort();
        return ([.. delete], [.. load]);
    }

    public void Reset()
    {
        Array.Clear(_count);
        Array.Clear(_resident);
        _history.Clear();
        ResidentCount = 0;
        _lastToken = -1;
    }
}
