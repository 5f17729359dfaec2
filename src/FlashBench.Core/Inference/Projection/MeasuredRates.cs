using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Models;
using FlashBench.Core.Results;

namespace FlashBench.Core.Inference.Projection;

/// <summary>What the latency run measured for one model × configuration (fp16 weights, this CPU), per token of the
/// whole model, as rates and fractions the projection recombines: compute ns per weight the kernels streamed (layers;
/// the LM head apart), the share of computed FFN rows the ReLU kept (their down rows are streamed too), memory
/// management ns per row weight loaded, and the trace's FFN fractions (rows loaded and rows computed per token, of
/// d_ff). Steady-state cold rows whose device state counts only, each weighted by the model layers it stands for.</summary>
public sealed record ConfigRates
{
    public required string Model { get; init; }
    public required string Config { get; init; }
    public required double ComputeNsPerWeight { get; init; }
    /// <summary>NaN when the run computed no LM head.</summary>
    public required double HeadNsPerWeight { get; init; }
    public required double KeptFraction { get; init; }
    public required double MemoryNsPerRowWeight { get; init; }
    /// <summary>FFN rows read from flash per token and layer, as a fraction of d_ff.</summary>
    public required double LoadedFraction { get; init; }
    /// <summary>FFN rows computed per token and layer, as a fraction of d_ff (the window's rows for Windowing/All).</summary>
    public required double ComputedFraction { get; init; }
    /// <summary>False when tokens.csv had no compute_bytes: streamed weights were then estimated (every row's every part).</summary>
    public required bool ComputeBytesMeasured { get; init; }
    public required int SteadyTokens { get; init; }
}

/// <summary>The <see cref="ConfigRates"/> of a run, per model × configuration, with a pooled fallback per configuration
/// (all models' rows together) for shapes the run did not measure.</summary>
public sealed class MeasuredRates
{
    private readonly List<ConfigRates> _rates;

    public MeasuredRates(IEnumerable<ConfigRates> rates) => _rates = rates.ToList();

    public IReadOnlyList<ConfigRates> All => _rates;

    /// <summary>The rates of <paramref name="model"/> under <paramref name="config"/>, else the pooled rates of the
    /// configuration (model "*"), else null.</summary>
    public ConfigRates? For(string model, string config) =>
        _rates.FirstOrDefault(r => r.Model == model && r.Config == config) ?? _rates.FirstOrDefault(r => r.Model == "*" && r.Config == config);

    public static MeasuredRates From(IReadOnlyList<TokenRow> rows, IReadOnlyDictionary<string, ModelShape> shapes)
    {
        var usable = rows.Where(r => r.Phase == "steady" && r.Cache == "cold" && DeviceStates.Counts(r.DeviceState) && shapes.ContainsKey(r.Model)).ToList();
        if (usable.Count == 0)
            throw new InvalidOperationException("no cold steady-state token rows to derive compute rates from");
        var rates = new List<ConfigRates>();
        foreach (var group in usable.GroupBy(r => (r.Model, r.Config)))
            rates.Add(Rates(group.Key.Model, group.Key.Config, group.ToList(), shapes));
        foreach (var group in usable.GroupBy(r => r.Config))
            rates.Add(Rates("*", group.Key, group.ToList(), shapes));
        return new MeasuredRates(rates);
    }

    private static ConfigRates Rates(string model, string config, List<TokenRow> rows, IReadOnlyDictionary<string, ModelShape> shapes)
    {
        InferenceConfigs.TryParse(config, out var parsed);
        bool measured = rows.All(r => r.ComputeBytes > 0);
        double computeMs = 0, streamed = 0, kept = 0, computed = 0, memoryMs = 0, loadedWeights = 0, loadedFraction = 0, computedFraction = 0, layers = 0;
        double headMs = 0, headWeights = 0;
        foreach (var r in rows)
        {
            var shape = shapes[r.Model];
            if (r.Layer == TokenRow.LmHeadLayer)
            {
                headMs += r.ComputeMs;
                headWeights += measured ? r.ComputeBytes / 2.0 : (double)shape.Vocab * shape.DModel;
                continue;
            }
            double w = r.Weight;
            long fixedWeights = shape.AttentionWeightsPerLayer + (parsed.UsesPredictor() ? (long)shape.PredictorRank(r.Layer) * (shape.DModel + shape.DFf) : 0);
            double rowStreamed = measured ? r.ComputeBytes / 2.0 : fixedWeights + (double)r.NeuronsComputed * shape.WeightsPerNeuron;
            double rowKept = measured && shape.FfnMatrices > 1
                ? (rowStreamed - fixedWeights - (double)r.NeuronsComputed * shape.DModel) / ((shape.FfnMatrices - 1) * (double)shape.DModel)
                : r.NeuronsComputed;
            computeMs += w * r.ComputeMs;
            streamed += w * rowStreamed;
            kept += w * rowKept;
            computed += w * r.NeuronsComputed;
            memoryMs += w * r.MemoryMs;
            loadedWeights += w * r.NeuronsLoaded * (double)shape.WeightsPerNeuron;
            loadedFraction += w * r.NeuronsLoaded / (double)shape.DFf;
            computedFraction += w * r.NeuronsComputed / (double)shape.DFf;
            layers += w;
        }
        return new ConfigRates
        {
            Model = model,
            Config = config,
            ComputeNsPerWeight = streamed > 0 ? computeMs * 1e6 / streamed : double.NaN,
            HeadNsPerWeight = headWeights > 0 ? headMs * 1e6 / headWeights : double.NaN,
            KeptFraction = computed > 0 ? kept / computed : 0,
            MemoryNsPerRowWeight = loadedWeights > 0 ? memoryMs * 1e6 / loadedWeights : 0,
            LoadedFraction = layers > 0 ? loadedFraction / layers : 0,
            ComputedFraction = layers > 0 ? computedFraction / layers : 0,
            ComputeBytesMeasured = measured,
            SteadyTokens = rows.Select(r => (r.Iteration, r.Token)).Distinct().Count(),
        };
    }
}
