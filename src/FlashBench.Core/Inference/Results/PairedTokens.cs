using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Pairing;
using FlashBench.Core.Results;

namespace FlashBench.Core.Inference.Results;

/// <summary>Ratios of two configurations of a model from tokens the latency run generated side by side: the configurations
/// of a model are interleaved token by token (<see cref="Engine.InterleavedGeneration"/>), so Naive's token t and another
/// configuration's token t of the same iteration ran seconds apart on the same device. Only steady tokens (t ≥ the window
/// k) pair, and only when every row of both sides counts (<see cref="DeviceStates.Counts"/>).</summary>
public static class PairedTokens
{
    /// <summary>Naive's per-token figure ÷ <paramref name="config"/>'s (Σ <paramref name="part"/> × layer weight over a
    /// token's rows): the median of the paired ratios with its distribution-free bounds; null without a pair.</summary>
    public static PairedRatio? NaiveOver(IReadOnlyList<TokenRow> rows, string model, string config, Func<TokenRow, double> part)
    {
        var naive = Figures(rows, model, InferenceConfig.Naive.Name(), part);
        var other = Figures(rows, model, config, part);
        var both = naive.Keys.Where(other.ContainsKey).Order().ToList();
        return PairedRatio.Of(both.Select(k => naive[k]).ToList(), both.Select(k => other[k]).ToList());
    }

    /// <summary>The same configuration read two ways in one run (the methods' engines interleaved token by token):
    /// <paramref name="first"/>'s per-token figure ÷ <paramref name="second"/>'s, paired by (iteration, token); null without a pair.</summary>
    public static PairedRatio? Over(IReadOnlyList<TokenRow> first, IReadOnlyList<TokenRow> second, string model, string config, Func<TokenRow, double> part)
    {
        var a = Figures(first, model, config, part);
        var b = Figures(second, model, config, part);
        var both = a.Keys.Where(b.ContainsKey).Order().ToList();
        return PairedRatio.Of(both.Select(k => a[k]).ToList(), both.Select(k => b[k]).ToList());
    }

    /// <summary>Each steady token's figure of one model × configuration, keyed by (iteration, token); a token with a row
    /// that does not count is left out.</summary>
    public static Dictionary<(int Iteration, int Token), double> Figures(IEnumerable<TokenRow> rows, string model, string config, Func<TokenRow, double> part) =>
        rows.Where(r => r.Model == model && r.Config == config && r.Phase == TokenRow.SteadyPhase)
            .GroupBy(r => (r.Iteration, r.Token))
            .Where(g => g.All(r => DeviceStates.Counts(r.DeviceState)))
            .ToDictionary(g => g.Key, g => g.Sum(r => part(r) * r.Weight));
}
