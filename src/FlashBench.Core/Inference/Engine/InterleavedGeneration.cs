namespace FlashBench.Core.Inference.Engine;

/// <summary>One sequence generated on several engines (a model's configurations) at once, token by token: every engine
/// generates token t before any generates t + 1, in forward order when t is even and in reverse order when t is odd
/// (N H P W A, A W P H N, …). A shared virtual disk can slow down many-fold within minutes; interleaved this way, the
/// two sides of a per-token ratio run seconds apart, and over each pair of tokens every engine's mean position in the
/// order is the same, so a drift of the device within the pair favours none.</summary>
public static class InterleavedGeneration
{
    /// <summary>The engines' order at token <paramref name="token"/>: 0 … n−1 when it is even, n−1 … 0 when odd.</summary>
    public static IReadOnlyList<int> OrderAt(int token, int engines)
    {
        var order = Enumerable.Range(0, engines);
        return token % 2 == 0 ? order.ToList() : order.Reverse().ToList();
    }

    /// <summary>Every step of a sequence of <paramref name="tokens"/> tokens on <paramref name="engines"/> engines, in the order run.</summary>
    public static IReadOnlyList<(int Token, int Engine)> Schedule(int tokens, int engines) =>
        Enumerable.Range(0, tokens).SelectMany(t => OrderAt(t, engines).Select(e => (t, e))).ToList();

    /// <summary>Generates a fresh sequence on every engine, interleaved (<see cref="Schedule"/>); returns each engine's
    /// timings, as its <see cref="TokenEngine.Generate"/> would. When a read method goes through the page cache, every
    /// engine's files are evicted before every step but the first (outside the timed parts): the step before may have
    /// read the same files.</summary>
    /// <param name="afterPair">Called after every engine generated a token (outside the engines' timed parts), with the
    /// token: the device watch probes there, so a slowdown inside a case shows at the token pair it hit.</param>
    /// <param name="relabel">The sequence's neuron relabeling key, the same for every engine (<see cref="TokenEngine.BeginSequence"/>).</param>
    public static IReadOnlyList<List<TokenLayerTiming>> Run(IReadOnlyList<TokenEngine> engines, Action<int>? afterPair = null,
        ulong relabel = Sparsity.TraceRelabeling.Identity)
    {
        if (engines.Count == 0)
            throw new ArgumentException("no engine to generate on", nameof(engines));
        int tokens = engines[0].Setup.Tokens;
        if (engines.Any(e => e.Setup.Tokens != tokens))
            throw new ArgumentException($"interleaved engines must generate the same tokens: {string.Join(", ", engines.Select(e => e.Setup.Tokens))}");
        bool evict = engines.Any(e => e.ReadsThroughPageCache);
        foreach (var engine in engines)
            engine.BeginSequence(relabel);
        bool first = true;
        foreach (var (token, index) in Schedule(tokens, engines.Count))
        {
            if (evict && !first)
            {
                foreach (var engine in engines)
                    engine.EvictWeights();
            }
            engines[index].GenerateToken(token);
            first = false;
            if (index == (token % 2 == 0 ? engines.Count - 1 : 0))
                afterPair?.Invoke(token);
        }
        return engines.Select(e => e.EndSequence()).ToList();
    }
}
