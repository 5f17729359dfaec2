namespace FlashBench.Core.Memory;

/// <summary>Which DRAM manager holds the resident neurons of each layer.</summary>
public enum NeuronManager
{
    /// <summary>§3.3: preallocated Req_i rows, delete by moving the last row, insert by appending.</summary>
    Slots,
    /// <summary>Rebuilds a right-sized, id-ordered matrix on every update.</summary>
    Naive,
}

public static class NeuronManagers
{
    public static IReadOnlyList<NeuronManager> All { get; } = Enum.GetValues<NeuronManager>();

    public static string Name(this NeuronManager manager) => manager switch
    {
        NeuronManager.Slots => "slots",
        NeuronManager.Naive => "naive",
        _ => throw new ArgumentOutOfRangeException(nameof(manager)),
    };

    public static INeuronMatrix Create(this NeuronManager manager, int capacityRows, int rowBytes, int neuronsPerLayer) => manager switch
    {
        NeuronManager.Slots => new SlotNeuronMatrix(capacityRows, rowBytes, neuronsPerLayer),
        NeuronManager.Naive => new CompactingNeuronMatrix(rowBytes, neuronsPerLayer),
        _ => throw new ArgumentOutOfRangeException(nameof(manager)),
    };

    /// <summary>Peak DRAM bytes of a layer's matrix: the naive manager briefly holds the old and the new buffer.</summary>
    public static long PeakBytes(this NeuronManager manager, int capacityRows, int rowBytes) =>
        (long)capacityRows * rowBytes * (manager == NeuronManager.Naive ? 2 : 1);
}
