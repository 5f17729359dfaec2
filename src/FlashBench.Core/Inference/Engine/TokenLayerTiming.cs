namespace FlashBench.Core.Inference.Engine;

/// <summary>What one layer of one generated token cost (ms) and what it moved. <see cref="Layer"/> is
/// <see cref="LmHeadLayer"/> for the LM head, computed once per token after the last layer.</summary>
/// <param name="BytesLoaded">Bytes read from flash, padding included (what the device moved).</param>
/// <param name="WeightBytesLoaded">Of those, the bytes of weights (the rest is row and block padding).</param>
/// <param name="ComputeBytes">Bytes of weights the compute kernels streamed from DRAM (attention, predictor, the
/// FFN rows: up/gate of every row, down only of rows the ReLU kept; LM head): compute GB/s = this ÷ compute time.</param>
/// <param name="LayerWeight">Model layers this row stands for (<see cref="Planning.LayerKinds.Weights"/>); 1 for the LM head.</param>
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
    int NeuronsComputed,
    long WeightBytesLoaded = 0,
    long ComputeBytes = 0,
    double LayerWeight = 1)
{
    public const int LmHeadLayer = -1;

    public bool IsLmHead => Layer == LmHeadLayer;
}
