using FlashBench.Core.Models;

namespace FlashBench.Core.Inference.Projection;

/// <summary>A matrix-vector kernel's measured rate: GB/s of its own weight bytes (fp16: 2 per weight, int8: 1 plus the
/// row scales) on a DRAM-sized matrix at the thread count the engine computes with.</summary>
public sealed record KernelRate(Precision Precision, double Gbps, int Threads, long MatrixBytes, string Source)
{
    /// <summary>Nanoseconds per weight: bytes per weight ÷ (GB/s = bytes per ns).</summary>
    public double NsPerWeight => Precision.BitsPerWeight / 8 / Gbps;
}

/// <summary>The measured kernel rates the projection may use. Only precisions with a kernel are here (fp16, int8);
/// the projection marks every other precision's compute "not measured" instead of scaling it by bits/16.</summary>
public sealed class KernelRates
{
    private readonly Dictionary<string, KernelRate> _rates;

    public KernelRates(IEnumerable<KernelRate> rates)
    {
        _rates = new Dictionary<string, KernelRate>(StringComparer.OrdinalIgnoreCase);
        foreach (var rate in rates)
        {
            if (rate.Gbps <= 0)
                throw new ArgumentException($"kernel rate for {rate.Precision.Name} must be positive, got {rate.Gbps}");
            _rates[rate.Precision.Name] = rate;
        }
    }

    public static KernelRates None { get; } = new([]);

    public IReadOnlyCollection<KernelRate> All => _rates.Values;

    public KernelRate? For(Precision precision) => _rates.GetValueOrDefault(precision.Name);

    /// <summary>Compute time at <paramref name="precision"/> relative to fp16 for the same weights: 1 for fp16 (the
    /// engine measures fp16 itself), the ratio of the two kernels' ns per weight when both were measured, else null.</summary>
    public double? ScaleFromFp16(Precision precision)
    {
        if (precision == Precision.Fp16)
            return 1;
        var rate = For(precision);
        var fp16 = For(Precision.Fp16);
        return rate is null || fp16 is null ? null : rate.NsPerWeight / fp16.NsPerWeight;
    }
}
