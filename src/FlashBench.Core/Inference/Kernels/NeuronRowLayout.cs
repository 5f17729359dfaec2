using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>One FFN neuron as a DRAM row (paper §3.3: the per-layer matrix is Req × 2·d_model): column i of
/// W_up then row i of W_down, each d_model fp16 values; gated FFNs (Llama 2) put column i of W_gate first.</summary>
public readonly record struct NeuronRowLayout(int DModel, bool Gated)
{
    public static NeuronRowLayout Of(ModelShape shape) => new(shape.DModel, shape.GatedFfn);

    public int Matrices => Gated ? 3 : 2;
    public int RowWeights => Matrices * DModel;
    public int GateOffset => Gated ? 0 : -1;
    public int UpOffset => Gated ? DModel : 0;
    public int DownOffset => UpOffset + DModel;

    /// <summary>Offset of matrix <paramref name="matrix"/> (0 … Matrices-1, in row order) inside a row.</summary>
    public int MatrixOffset(int matrix) => matrix * DModel;
}
