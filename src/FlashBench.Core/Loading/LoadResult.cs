namespace FlashBench.Core.Loading;

/// <summary>What loading one layer (or, summed, one token) cost. Bytes read include any O_DIRECT padding;
/// useful bytes are the neurons' weights alone.</summary>
public readonly record struct LoadResult(
    int NeuronsLoaded,
    int NeuronsDeleted,
    int NeuronsResident,
    long ReadsIssued,
    long BytesRead,
    long BytesUseful,
    TimeSpan IoTime,
    TimeSpan MemoryTime,
    long BytesCopied,
    long BytesAllocated,
    long DramBytes)
{
    public static LoadResult operator +(LoadResult a, LoadResult b) => new(
        a.NeuronsLoaded + b.NeuronsLoaded,
        a.NeuronsDeleted + b.NeuronsDeleted,
        a.NeuronsResident + b.NeuronsResident,
        a.ReadsIssued + b.ReadsIssued,
        a.BytesRead + b.BytesRead,
        a.BytesUseful + b.BytesUseful,
        a.IoTime + b.IoTime,
        a.MemoryTime + b.MemoryTime,
        a.BytesCopied + b.BytesCopied,
        a.BytesAllocated + b.BytesAllocated,
        a.DramBytes + b.DramBytes);

    /// <summary>Bytes read ÷ I/O time, in GB/s (10^9 bytes).</summary>
    public double EffectiveGigabytesPerSecond => IoTime > TimeSpan.Zero ? BytesRead / IoTime.TotalSeconds / 1e9 : 0;
}
