namespace FlashBench.Core.Adapters;

/// <summary>How the adapters lie on flash: one contiguous file per adapter, or every adapter's block of a layer next to the
/// others' (one file, a region per layer), so that a swap reads one block per layer at a stride of (adapters × block).</summary>
public enum AdapterLayout
{
    PerAdapter,
    PerLayer,
}

public static class AdapterLayouts
{
    public static IReadOnlyList<AdapterLayout> All { get; } = [AdapterLayout.PerAdapter, AdapterLayout.PerLayer];

    public static string Name(this AdapterLayout layout) => layout switch
    {
        AdapterLayout.PerAdapter => "per-adapter",
        AdapterLayout.PerLayer => "per-layer",
        _ => throw new ArgumentOutOfRangeException(nameof(layout)),
    };

    public static string Describe(this AdapterLayout layout) => layout switch
    {
        AdapterLayout.PerAdapter => "one contiguous file per adapter: a swap reads one region",
        AdapterLayout.PerLayer => "one file, each layer's region holding every adapter's block of that layer: a swap reads one block per layer, strided",
        _ => throw new ArgumentOutOfRangeException(nameof(layout)),
    };
}
