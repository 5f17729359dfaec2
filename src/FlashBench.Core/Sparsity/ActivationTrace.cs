namespace FlashBench.Core.Sparsity;

/// <summary>For every token and layer, the FFN neurons that are truly active and those the predictor
/// says are active (§3.1). Loaders fetch the predicted set; the true set measures the predictor.</summary>
public sealed class ActivationTrace
{
    private readonly NeuronSet[,] _active;
    private readonly NeuronSet[,] _predicted;

    /// <param name="active">[token, layer] true active sets.</param>
    /// <param name="predicted">[token, layer] predicted sets (pass <paramref name="active"/> when there is no predictor).</param>
    public ActivationTrace(string source, int neuronsPerLayer, NeuronSet[,] active, NeuronSet[,] predicted)
    {
        if (active.GetLength(0) != predicted.GetLength(0) || active.GetLength(1) != predicted.GetLength(1))
            throw new ArgumentException("active and predicted sets must cover the same tokens and layers");
        if (active.GetLength(0) == 0 || active.GetLength(1) == 0)
            throw new ArgumentException("a trace needs at least one token and one layer");
        foreach (var set in active.Cast<NeuronSet>().Concat(predicted.Cast<NeuronSet>()))
        {
            if (set.Max >= neuronsPerLayer)
                throw new ArgumentOutOfRangeException(nameof(active), $"neuron {set.Max} is outside a layer of {neuronsPerLayer} neurons");
        }
        Source = source;
        NeuronsPerLayer = neuronsPerLayer;
        _active = active;
        _predicted = predicted;
    }

    /// <summary>"synthetic:&lt;model&gt;:seed" or the imported file's name.</summary>
    public string Source { get; }

    public int Tokens => _active.GetLength(0);

    public int Layers => _active.GetLength(1);

    public int NeuronsPerLayer { get; }

    public NeuronSet Active(int token, int layer) => _active[token, layer];

    public NeuronSet Predicted(int token, int layer) => _predicted[token, layer];

    /// <summary>The first <paramref name="tokens"/> tokens of this trace.</summary>
    public ActivationTrace Take(int tokens)
    {
        if (tokens <= 0 || tokens > Tokens)
            throw new ArgumentOutOfRangeException(nameof(tokens), $"the trace has {Tokens} tokens");
        var active = new NeuronSet[tokens, Layers];
        var predicted = new NeuronSet[tokens, Layers];
        for (int t = 0; t < tokens; t++)
        {
            for (int l = 0; l < Layers; l++)
            {
                active[t, l] = _active[t, l];
                predicted[t, l] = _predicted[t, l];
            }
        }
        return new ActivationTrace(Source, NeuronsPerLayer, active, predicted);
    }
}
