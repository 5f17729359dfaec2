namespace FlashBench.Core.Sparsity;

/// <summary>The same trace under other neuron numbers: every layer's ids (active and predicted alike) mapped through a
/// permutation of 0 … d_ff − 1 drawn from a key. A loader given the relabeled trace reads exactly as many rows of exactly
/// the same sizes, token by token (no loader merges neighbouring rows, so only the offsets change), and its window keeps
/// the same overlaps. What changes is which rows of the weight file it reads: a sequence replayed on the same file would
/// re-read the rows it read before, and a cache below a virtual machine serves such re-reads at several times the
/// device's rate (README, "Sparse FFN loading from flash"), so each replay (an iteration, a pass, a re-measurement, a
/// later run) reads under a key of its own.</summary>
public static class TraceRelabeling
{
    /// <summary>Key 0: the trace itself.</summary>
    public const ulong Identity = 0;

    /// <summary><paramref name="trace"/> with layer l's neuron n renamed <c>Permutation(d_ff, key, l)[n]</c>; the trace
    /// itself for <see cref="Identity"/>.</summary>
    public static ActivationTrace Apply(ActivationTrace trace, ulong key)
    {
        if (key == Identity)
            return trace;
        var active = new NeuronSet[trace.Tokens, trace.Layers];
        var predicted = new NeuronSet[trace.Tokens, trace.Layers];
        for (int layer = 0; layer < trace.Layers; layer++)
        {
            var map = Permutation(trace.NeuronsPerLayer, key, layer);
            for (int token = 0; token < trace.Tokens; token++)
            {
                var truth = trace.Active(token, layer);
                var guess = trace.Predicted(token, layer);
                active[token, layer] = Map(truth, map);
                // the trace passes one set as both when there is no predictor: keep them one object
                predicted[token, layer] = ReferenceEquals(guess, truth) ? active[token, layer] : Map(guess, map);
            }
        }
        return new ActivationTrace($"{trace.Source} (neurons relabeled, key {key:x16})", trace.NeuronsPerLayer, active, predicted);
    }

    /// <summary>The permutation of layer <paramref name="layer"/> under <paramref name="key"/>: a Fisher–Yates shuffle of
    /// 0 … <paramref name="neurons"/> − 1, the same on every machine.</summary>
    public static int[] Permutation(int neurons, ulong key, int layer)
    {
        var map = new int[neurons];
        for (int i = 0; i < neurons; i++)
            map[i] = i;
        ulong seed = StableHash.Combine(key, (ulong)layer);
        new Random(unchecked((int)(seed ^ (seed >> 32)))).Shuffle(map);
        return map;
    }

    private static NeuronSet Map(NeuronSet set, int[] map)
    {
        var ids = set.Ids;
        var mapped = new int[ids.Length];
        for (int i = 0; i < ids.Length; i++)
            mapped[i] = map[ids[i]];
        return NeuronSet.From(mapped);
    }
}
