using System.Globalization;
using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Planning;

/// <summary>Layers whose compute is the same, so that measuring one stands for all of its kind. In the paper's
/// models every layer has the same attention and FFN shapes; what differs is the §3.1 predictor rank (OPT: 128 in
/// the first 28 layers, 1024 in the last 4; Llama 2: 1024 in 4 middle layers). A run measures at least one layer
/// of every kind and weights each run layer by the model layers it stands for, so a token's predictor cost follows
/// the true rank mix. The FFN's active share also varies with depth (Table 6): within a kind the run layers sit at
/// the centres of equal parts of the kind's layers, so their depths (and the trace's activity there) represent it.</summary>
public static class LayerKinds
{
    /// <summary>The kind of <paramref name="layer"/>: its predictor rank.</summary>
    public static int KindOf(ModelShape shape, int layer) => shape.PredictorRank(layer);

    /// <summary>Each kind (rank) with the model's layers of that kind, in order of first appearance.</summary>
    public static IReadOnlyList<(int Rank, IReadOnlyList<int> Layers)> Kinds(ModelShape shape) =>
        Enumerable.Range(0, shape.Layers)
            .GroupBy(l => KindOf(shape, l))
            .Select(g => (g.Key, (IReadOnlyList<int>)g.ToList()))
            .ToList();

    /// <summary>About <paramref name="count"/> layers to run, ascending: one per kind at least (so possibly more than
    /// asked), the rest shared among kinds by their layer counts (largest remainder); within a kind, the layers at the
    /// centres of equal parts of its layer list. All layers when <paramref name="count"/> ≥ the model's.</summary>
    public static IReadOnlyList<int> Sample(ModelShape shape, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (count >= shape.Layers)
            return Enumerable.Range(0, shape.Layers).ToList();
        var kinds = Kinds(shape);
        var slots = kinds.Select(_ => 1).ToArray();
        int extra = count - kinds.Count;
        if (extra > 0)
        {
            var exact = kinds.Select(k => (double)extra * k.Layers.Count / shape.Layers).ToArray();
            for (int i = 0; i < slots.Length; i++)
                slots[i] += (int)Math.Floor(exact[i]);
            int left = count - slots.Sum();
            foreach (int i in Enumerable.Range(0, slots.Length).OrderByDescending(i => exact[i] - Math.Floor(exact[i])).ThenBy(i => i).Take(left))
                slots[i]++;
        }
        var layers = new List<int>();
        for (int k = 0; k < kinds.Count; k++)
        {
            var members = kinds[k].Layers;
            int m = Math.Min(slots[k], members.Count);
            for (int s = 0; s < m; s++)
                layers.Add(members[(int)Math.Floor((s + 0.5) * members.Count / m)]);
        }
        return layers.Distinct().Order().ToList();
    }

    /// <summary>How many model layers each run layer stands for (they sum to the model's layer count): a kind's
    /// layer count divided among the run layers of that kind. Layers of a kind that no run layer has are divided
    /// evenly among all run layers, and <see cref="Describe"/> says so.</summary>
    public static IReadOnlyList<double> Weights(ModelShape shape, IReadOnlyList<int> layers)
    {
        if (layers.Count == 0)
            throw new ArgumentException("no run layers");
        var weights = new double[layers.Count];
        foreach (var (rank, members) in Kinds(shape))
        {
            var runOfKind = Enumerable.Range(0, layers.Count).Where(s => KindOf(shape, layers[s]) == rank).ToList();
            var targets = runOfKind.Count > 0 ? runOfKind : Enumerable.Range(0, layers.Count).ToList();
            foreach (int s in targets)
                weights[s] += (double)members.Count / targets.Count;
        }
        return weights;
    }

    /// <summary>Layer kinds of the model without a run layer.</summary>
    public static IReadOnlyList<int> MissingRanks(ModelShape shape, IReadOnlyList<int> layers) =>
        Kinds(shape).Select(k => k.Rank).Where(rank => !layers.Any(l => KindOf(shape, l) == rank)).ToList();

    /// <summary>For the method note: "layers 14 (rank 128, ×28) 30 (rank 1024, ×4) of 32".</summary>
    public static string Describe(ModelShape shape, IReadOnlyList<int> layers)
    {
        var weights = Weights(shape, layers);
        string run = string.Join(' ', layers.Select((l, s) => string.Create(CultureInfo.InvariantCulture,
            $"{l} (rank {KindOf(shape, l)}, ×{weights[s]:0.##})")));
        string text = layers.Count == shape.Layers
            ? $"all {shape.Layers} layers run"
            : $"layers {run} of {shape.Layers} run, each weighted by the layers of its predictor rank it stands for";
        var missing = MissingRanks(shape, layers);
        if (missing.Count > 0)
            text += $"; WARNING no run layer has predictor rank {string.Join('/', missing)}: those layers are counted at the run layers' mean cost";
        return text;
    }
}
