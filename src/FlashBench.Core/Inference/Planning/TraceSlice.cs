using FlashBench.Core.Sparsity;

namespace FlashBench.Core.Inference.Planning;

/// <summary>The part of an activation trace a run uses: the first <c>tokens</c> tokens of the run's layers,
/// re-indexed so that slot s is layer <c>layers[s]</c> (the weight files and the engine are slot-indexed).</summary>
public static class TraceSlice
{
    public static ActivationTrace Select(ActivationTrace trace, IReadOnlyList<int> layers, int tokens)
    {
        if (tokens > trace.Tokens)
            throw new ArgumentException($"the trace has {trace.Tokens} tokens, {tokens} are needed");
        if (layers.Any(l => l < 0 || l >= trace.Layers))
            throw new ArgumentException($"the trace has {trace.Layers} layers; layers {string.Join(' ', layers)} are needed");
        var active = new NeuronSet[tokens, layers.Count];
        var predicted = new NeuronSet[tokens, layers.Count];
        for (int t = 0; t < tokens; t++)
        {
            for (int s = 0; s < layers.Count; s++)
            {
                active[t, s] = trace.Active(t, layers[s]);
                predicted[t, s] = trace.Predicted(t, layers[s]);
            }
        }
        return new ActivationTrace($"{trace.Source} (layers {string.Join(' ', layers)})", trace.NeuronsPerLayer, active, predicted);
    }
}
