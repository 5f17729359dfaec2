namespace FlashBench.Core.Inference.Engine;

/// <summary>What one layer of one generated token cost (ms) and what it moved from flash.</summary>
public readonly record struct TokenLayerTiming(
    int Token,
    int Layer,
    double IoMs,
    double MemoryMs,
    double ComputeMs,
    long BytesLoaded,
    long Reads,
    int NeuronsLoaded,
    int NeuronsHeld,
    int NeuronsComputed);
