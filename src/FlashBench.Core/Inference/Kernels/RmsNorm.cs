using System.Numerics.Tensors;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>Normalises the residual stream before attention and FFN (without learned gain): synthetic
/// weights are not trained, and without it activations would drift in scale over the layers.</summary>
public static class RmsNorm
{
    public static void Apply(ReadOnlySpan<float> x, Span<float> destination)
    {
        float rms = MathF.Sqrt(TensorPrimitives.SumOfSquares(x) / x.Length + 1e-6f);
        TensorPrimitives.Multiply(x, 1f / rms, destination[..x.Length]);
    }
}
