using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>One FFN neuron as a DRAM row, as the sparse branch's <c>INeuronMatrix</c> stores it (§3.3: the
/// per-layer matrix is Req × 2·d_model): its parts back to back — column i of W_up then row i of W_down,
/// d_model fp16 values each; gated FFNs (Llama 2) put column i of W_gate first.</summary>
public readonly record struct NeuronRowLayout(int DModel, bool Gated)
{
    public static NeuronRowLayout Of(ModelShape shape) => new(shape.DModel, shape.GatedFfn);

    public int Matrices => Gated ? 3 : 2;
    public int RowWeights => Matrices * DModel;
    public int GateOffset => Gated ? 0 : -1;
    public int UpOffset => Gated ? DModel : 0;
    public int DownOffset => UpOffset + DModel;

    /// <summary>Weights <see cref="SparseFfn"/> streams for <paramref name="computed"/> rows of which the ReLU kept
    /// <paramref name="kept"/>: up (gated: gate) of every row, then up and down (gated) or down of the kept ones.</summary>
    public long StreamedWeights(int computed, int kept) => (long)computed * DModel + (long)kept * (Matrices - 1) * DModel;
}
