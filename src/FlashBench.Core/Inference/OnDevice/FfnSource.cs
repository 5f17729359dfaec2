using FlashBench.Core.Inference.Kernels;

namespace FlashBench.Core.Inference.OnDevice;

/// <summary>Where a token's FFN weights come from: DRAM (<see cref="ResidentFfn"/>) or flash, read every token
/// (<see cref="StreamedFfn"/>).</summary>
public interface IFfnSource
{
    /// <summary>Called at the start of every token (a streamed source starts reading layer 0).</summary>
    void BeginToken();

    /// <summary>Layer <paramref name="layer"/>'s gate-up and down matrices, ready for this token (layers in order).</summary>
    (PalettizedMatrix GateUp, PalettizedMatrix Down) Layer(int layer);
}

/// <summary>Every layer's FFN in DRAM.</summary>
public sealed class ResidentFfn(OnDeviceWeights weights) : IFfnSource
{
    public void BeginToken() { }

    public (PalettizedMatrix GateUp, PalettizedMatrix Down) Layer(int layer) => (weights.Layers[layer].GateUp, weights.Layers[layer].Down);
}
