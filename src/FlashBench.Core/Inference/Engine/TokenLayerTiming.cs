namespace FlashBench.Core.Inference.Engine;

/// <summary>What one layer of one generated token cost, in Stopwatch ticks, and what it moved.</summary>
public readonly record struct TokenLayerTiming(
    int Token,
    int Layer,
    long IoTicks,
    long MemoryTicks,
    long ComputeTicks,
    long BytesLoaded,
    long Reads,
    int NeuronsLoaded,
    int NeuronsHeld,
    int NeuronsComputed)
{
    public static double Milliseconds(long ticks) => ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
