namespace FlashBench.Core.Memory;

/// <summary>The DRAM the loaders may use for resident FFN neurons. The process as a whole must stay within
/// budget + 10 % (runtime, trace and buffers included), checked on its peak resident set.</summary>
public readonly record struct DramBudget(long Bytes)
{
    public const double Tolerance = 0.10;

    public long Ceiling => (long)(Bytes * (1 + Tolerance));

    /// <summary>Null when <paramref name="requiredBytes"/> fits, else a one-line reason.</summary>
    public string? Refuse(long requiredBytes, string what) => requiredBytes <= Bytes
        ? null
        : $"the DRAM budget {Units.FormatBytes(Bytes)} is too small for {what}: {Units.FormatBytes(requiredBytes)} must stay resident";

    public bool PeakWithin(long peakBytes) => peakBytes <= Ceiling;
}
