namespace FlashBench.Core.Weights;

/// <summary>How the FFN neurons of a weight file are laid out on flash.</summary>
public enum WeightLayout
{
    /// <summary>As in the checkpoint: each FFN matrix is its own region, so neuron i's up column and
    /// down row live d_ff parts apart and take one read each.</summary>
    Separate,
    /// <summary>Row-column bundling (§3.2): neuron i's parts are stored back to back and fetched by one read.</summary>
    Bundled,
}

public static class WeightLayouts
{
    public static IReadOnlyList<WeightLayout> All { get; } = Enum.GetValues<WeightLayout>();

    public static string Name(this WeightLayout layout) => layout switch
    {
        WeightLayout.Separate => "separate",
        WeightLayout.Bundled => "bundled",
        _ => throw new ArgumentOutOfRangeException(nameof(layout)),
    };

    public static bool TryParse(string text, out WeightLayout layout)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                layout = candidate;
                return true;
            }
        }
        layout = default;
        return false;
    }

    public static string NameList => string.Join(", ", All.Select(Name));
}
