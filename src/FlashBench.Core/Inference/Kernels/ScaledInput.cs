using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace FlashBench.Core.Inference.Kernels;

/// <summary>x · <see cref="HalfBits.InputScale"/> in a reusable pinned buffer: the input of the fast kernels. One per
/// thread and kernel class (the buffer is read by the pool's threads while its owner waits for them).</summary>
internal sealed unsafe class ScaledInput
{
    private float[] _buffer = [];

    /// <summary>The scaled copy of <paramref name="x"/>, or null when some |x| ≥ 2¹⁶ (or is NaN) would not scale to a
    /// finite value: the caller then takes the exact path.</summary>
    public float* Scale(ReadOnlySpan<float> x)
    {
        if (x.IsEmpty)
            return null;
        if (_buffer.Length < x.Length)
            _buffer = GC.AllocateArray<float>(x.Length, pinned: true);
        var scaled = _buffer.AsSpan(0, x.Length);
        TensorPrimitives.Multiply(x, HalfBits.InputScale, scaled);
        return float.IsFinite(TensorPrimitives.MaxMagnitude(scaled))
            ? (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer))
            : null;
    }
}
