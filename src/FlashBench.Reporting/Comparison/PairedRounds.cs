namespace FlashBench.Reporting.Comparison;

/// <summary>A measurement's rounds on both sides, base round i paired with head round i (A B B A puts them
/// next to each other in time).</summary>
public sealed record PairedRounds(Measurement Measurement, IReadOnlyList<RoundMedian> Base, IReadOnlyList<RoundMedian> Head)
{
    /// <summary>Indexes of the round pairs where both sides have a median (not every sample excluded), positive
    /// unless the metric is a count (a ratio needs it).</summary>
    public IReadOnlyList<int> Usable { get; } = Enumerable.Range(0, Math.Min(Base.Count, Head.Count))
        .Where(i => Measurement.Kind == MetricKind.Counted ? Base[i].Median >= 0 && Head[i].Median >= 0 : Base[i].Median > 0 && Head[i].Median > 0)
        .ToList();

    /// <summary>Whether every usable pair has a positive device reference on both sides.</summary>
    public bool Referenced => Usable.Count > 0 && Usable.All(i => Base[i].Reference > 0 && Head[i].Reference > 0);

    /// <summary>Per usable pair: log slowdown (above 0 = head worse), minus the device's own log slowdown between the
    /// two rounds when <see cref="Referenced"/>: Δ = log(head ÷ base) − log(ref_head ÷ ref_base), turned by direction.</summary>
    public IReadOnlyList<(int Round, double LogSlowdown)> LogSlowdowns()
    {
        bool referenced = Referenced;
        return Usable.Select(i =>
        {
            double logRatio = Math.Log(Head[i].Median!.Value / Base[i].Median!.Value);
            if (referenced)
                logRatio -= Math.Log(Head[i].Reference!.Value / Base[i].Reference!.Value);
            return (i, Measurement.Direction.LogSlowdown(logRatio));
        }).ToList();
    }

    /// <summary>Per usable pair: head − base in the metric's unit, turned so that above 0 is worse.</summary>
    public IReadOnlyList<double> Differences() =>
        Usable.Select(i => (Head[i].Median!.Value - Base[i].Median!.Value) * (Measurement.Direction == MetricDirection.LowerIsBetter ? 1 : -1)).ToList();
}
