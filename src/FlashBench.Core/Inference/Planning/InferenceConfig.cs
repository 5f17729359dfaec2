namespace FlashBench.Core.Inference.Planning;

/// <summary>The rows of the paper's Table 2, each adding one technique to the previous (§4.2 ablation).</summary>
public enum InferenceConfig
{
    /// <summary>Every weight (attention and FFN) read from flash for every token.</summary>
    Naive,
    /// <summary>Attention (and as much FFN as the DRAM budget allows) resident; the rest of the FFN read every token.</summary>
    Hybrid,
    /// <summary>Attention resident; only the predicted-active FFN neurons read, one read per matrix per neuron (§3.1).</summary>
    Predictor,
    /// <summary>As Predictor, but neurons of the last k tokens stay in DRAM (§3.1 windowing, §3.3 memory manager).</summary>
    Windowing,
    /// <summary>As Windowing, with each neuron's up column and down row bundled into one read (§3.2) — the paper's "All".</summary>
    All,
}

public static class InferenceConfigs
{
    public static IReadOnlyList<InferenceConfig> All { get; } = Enum.GetValues<InferenceConfig>();

    public static string Name(this InferenceConfig config) => config.ToString().ToLowerInvariant();

    /// <summary>The row label used in the paper's tables.</summary>
    public static string PaperLabel(this InferenceConfig config) => config switch
    {
        InferenceConfig.Naive => "Naive",
        InferenceConfig.Hybrid => "Hybrid",
        InferenceConfig.Predictor => "+Predictor",
        InferenceConfig.Windowing => "+Windowing",
        InferenceConfig.All => "All",
        _ => throw new ArgumentOutOfRangeException(nameof(config)),
    };

    public static bool AttentionResident(this InferenceConfig config) => config != InferenceConfig.Naive;

    public static bool UsesPredictor(this InferenceConfig config) => config >= InferenceConfig.Predictor;

    public static bool UsesWindow(this InferenceConfig config) => config >= InferenceConfig.Windowing;

    public static bool Bundled(this InferenceConfig config) => config == InferenceConfig.All;

    public static bool TryParse(string text, out InferenceConfig config)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                config = candidate;
                return true;
            }
        }
        config = default;
        return false;
    }

    public static string NameList => string.Join(", ", All.Select(Name));
}
