using System.Globalization;
using FlashBench.Core.Pairing;
using FlashBench.Core.Results;

namespace FlashBench.Reporting.Charts;

/// <summary>The sparse experiments' headline ratios from pairs: a row of one side and a row of the other with the same
/// pass and token, both counting (<see cref="DeviceStates.Counts"/>), so that both sides were measured as neighbours in
/// time. A (pass, token) that a side holds more than once (a second varied setting) is ambiguous and not paired.</summary>
public static class SparsePairs
{
    /// <summary>The (numerator, denominator) metric values of every pair, in pass and token order.</summary>
    public static IReadOnlyList<(double Numerator, double Denominator)> Pair(IEnumerable<SparseTokenRow> rows,
        Func<SparseTokenRow, bool> numeratorSide, Func<SparseTokenRow, bool> denominatorSide, Func<SparseTokenRow, double> metric)
    {
        var counting = rows.Where(r => DeviceStates.Counts(r.DeviceState)).ToList();
        var numerators = Unique(counting.Where(numeratorSide));
        var denominators = Unique(counting.Where(denominatorSide));
        return numerators.Keys.Where(denominators.ContainsKey).Order()
            .Select(key => (metric(numerators[key]), metric(denominators[key])))
            .ToList();
    }

    public static PairedRatio? Ratio(IEnumerable<SparseTokenRow> rows,
        Func<SparseTokenRow, bool> numeratorSide, Func<SparseTokenRow, bool> denominatorSide, Func<SparseTokenRow, double> metric)
    {
        var pairs = Pair(rows, numeratorSide, denominatorSide, metric);
        return PairedRatio.Of(pairs.Select(p => p.Numerator).ToList(), pairs.Select(p => p.Denominator).ToList());
    }

    /// <summary>Bundling: io_ms(separate) ÷ io_ms(bundled).</summary>
    public static IReadOnlyList<SparseRatio> Bundling(IReadOnlyList<SparseTokenRow> rows) =>
        [new("bundling", Ratio(rows, r => r.Layout == "separate", r => r.Layout == "bundled", r => r.IoMs))];

    /// <summary>Memory management: memory_ms(naive) ÷ memory_ms(slots).</summary>
    public static IReadOnlyList<SparseRatio> Memory(IReadOnlyList<SparseTokenRow> rows) =>
        [new("memory (naive ÷ slots)", Ratio(rows, r => r.Manager == "naive", r => r.Manager == "slots", r => r.MemoryMs))];

    /// <summary>Windowing: io_ms(k) ÷ io_ms(k = 0) for every k ≠ 0 (none without a k = 0 case).</summary>
    public static IReadOnlyList<SparseRatio> Windowing(IReadOnlyList<SparseTokenRow> rows)
    {
        if (!rows.Any(r => r.Window == 0))
            return [];
        return rows.Select(r => r.Window).Where(k => k != 0).Distinct().Order()
            .Select(k => new SparseRatio(string.Create(CultureInfo.InvariantCulture, $"windowing (k = {k} ÷ k = 0)"),
                Ratio(rows, r => r.Window == k, r => r.Window == 0, r => r.IoMs)))
            .ToList();
    }

    /// <summary>Precision: io_ms(fp16) ÷ io_ms(int8) and ÷ io_ms(int4), for the precisions measured.</summary>
    public static IReadOnlyList<SparseRatio> Precision(IReadOnlyList<SparseTokenRow> rows)
    {
        if (!rows.Any(r => r.Precision == "fp16"))
            return [];
        return new[] { "int8", "int4" }.Where(p => rows.Any(r => r.Precision == p))
            .Select(p => new SparseRatio($"precision (fp16 ÷ {p})", Ratio(rows, r => r.Precision == "fp16", r => r.Precision == p, r => r.IoMs)))
            .ToList();
    }

    private static Dictionary<(int Pass, int Token), SparseTokenRow> Unique(IEnumerable<SparseTokenRow> side) =>
        side.GroupBy(r => (r.Pass, r.Token)).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single());
}
