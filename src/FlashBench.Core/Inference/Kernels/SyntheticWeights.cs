namespace FlashBench.Core.Inference.Kernels;

/// <summary>Deterministic fp16 weights: value j of stream <c>stream</c> is a SplitMix64 hash mapped to
/// [-scale, scale]. The weight files and the DRAM-resident copies are filled from the same streams, so a
/// row read from flash equals the row the reference computes with, without reading the file twice.</summary>
public static class SyntheticWeights
{
    /// <summary>1/sqrt(fan-in) keeps activations of the same order through the layers.</summary>
    public static float ScaleFor(int fanIn) => 1f / MathF.Sqrt(fanIn);

    public static ulong Stream(ulong seed, int layer, int matrix) =>
        Mix(seed ^ Mix(((ulong)(uint)layer << 8) | (uint)matrix));

    public static void Fill(Span<Half> destination, ulong stream, long firstIndex, float scale)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = (Half)Value(stream, firstIndex + i, scale);
    }

    public static void Fill(Span<float> destination, ulong stream, long firstIndex, float scale)
    {
        for (int i = 0; i < destination.Length; i++)
            destination[i] = Value(stream, firstIndex + i, scale);
    }

    public static float Value(ulong stream, long index, float scale)
    {
        ulong z = Mix(stream + 0x9E3779B97F4A7C15UL * (ulong)(index + 1));
        // top 24 bits → uniform in [-1, 1)
        float unit = (z >> 40) * (1f / (1 << 23)) - 1f;
        return unit * scale;
    }

    private static ulong Mix(ulong z)
    {
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
