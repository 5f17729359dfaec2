using FlashBench.Core.Models;

namespace FlashBench.Core.Sparsity;

/// <summary>A seeded, deterministic activation trace shaped like OPT 6.7B's (§3.1, Table 6).
/// Per layer: a power-law popularity over neurons; the predicted set of token t keeps each neuron of
/// token t−1 with probability <see cref="SyntheticTraceOptions.Persistence"/> and is refilled, to
/// OverPrediction × active-fraction × d_ff neurons, from recently predicted neurons (Recall) or by
/// popularity. The true active set is (1 − FN) of its size drawn from the predicted set, plus FN drawn
/// from outside it (the false negatives).</summary>
public static class SyntheticTraceGenerator
{
    public static ActivationTrace Generate(ModelShape shape, SyntheticTraceOptions? options = null)
    {
        options ??= new SyntheticTraceOptions();
        options.Validate();
        var active = new NeuronSet[options.Tokens, shape.Layers];
        var predicted = new NeuronSet[options.Tokens, shape.Layers];
        System.Threading.Tasks.Parallel.For(0, shape.Layers, layer => GenerateLayer(shape, options, layer, active, predicted));
        return new ActivationTrace($"synthetic:{shape.Name}:{options.Seed}", shape.DFf, active, predicted);
    }

    private static void GenerateLayer(ModelShape shape, SyntheticTraceOptions options, int layer, NeuronSet[,] active, NeuronSet[,] predicted)
    {
        int d = shape.DFf;
        var random = new Random(HashCode.Combine(options.Seed, layer, shape.DFf));
        var popularity = new PopularitySampler(d, options.PopularityExponent, random);
        double fraction = options.Activity.Fraction(layer, shape.Layers);
        int activeCount = Math.Max(1, (int)Math.Round(fraction * d));
        int predictedCount = Math.Min(d, (int)Math.Round(activeCount * options.OverPrediction));
        int missed = (int)Math.Round(activeCount * options.FalseNegativeRate);

        var inSet = new bool[d];
        var current = new List<int>(predictedCount);
        var history = new Queue<int[]>();
        for (int token = 0; token < options.Tokens; token++)
        {
            current.RemoveAll(id =>
            {
                bool drop = random.NextDouble() >= options.Persistence;
                if (drop)
                    inSet[id] = false;
                return drop;
            });
            var recent = history.SelectMany(h => h).Distinct().Where(id => !inSet[id]).ToArray();
            random.Shuffle(recent);
            int next = 0;
            while (current.Count < predictedCount)
            {
                int id = next < recent.Length && random.NextDouble() < options.Recall ? recent[next++] : popularity.Next();
                if (!inSet[id])
                {
                    inSet[id] = true;
                    current.Add(id);
                }
            }
            int[] snapshot = [.. current];
            history.Enqueue(snapshot);
            if (history.Count > options.RecallTokens)
                history.Dequeue();
            predicted[token, layer] = NeuronSet.From(snapshot);

            var truth = snapshot.OrderBy(_ => random.Next()).Take(Math.Min(activeCount - missed, snapshot.Length)).ToList();
            var outside = new HashSet<int>();
            while (outside.Count < missed && snapshot.Length < d)
            {
                int id = popularity.Next();
                if (!inSet[id])
                    outside.Add(id);
            }
            truth.AddRange(outside);
            active[token, layer] = NeuronSet.From(truth);
        }
    }

    /// <summary>Draws neuron ids with probability ∝ (rank + 1)^-exponent, ranks a random permutation.</summary>
    private sealed class PopularitySampler
    {
        private readonly double[] _cumulative;
        private readonly int[] _neuronOfRank;
        private readonly Random _random;

        public PopularitySampler(int neurons, double exponent, Random random)
        {
            _random = random;
            _neuronOfRank = Enumerable.Range(0, neurons).ToArray();
            random.Shuffle(_neuronOfRank);
            _cumulative = new double[neurons];
            double sum = 0;
            for (int rank = 0; rank < neurons; rank++)
            {
                sum += Math.Pow(rank + 1, -exponent);
                _cumulative[rank] = sum;
            }
        }

        public int Next()
        {
            double u = _random.NextDouble() * _cumulative[^1];
            int rank = Array.BinarySearch(_cumulative, u);
            if (rank < 0)
                rank = ~rank;
            return _neuronOfRank[Math.Min(rank, _neuronOfRank.Length - 1)];
        }
    }
}
