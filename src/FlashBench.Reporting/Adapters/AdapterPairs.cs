using FlashBench.Core.Pairing;
using FlashBench.Core.Results;

namespace FlashBench.Reporting.Adapters;

/// <summary>The adapters experiment's paired ratios, from adapters.csv rows: each swap against the I/O control read right
/// after it (the raw curve at the swap's read size, same round), the per-layer layout against the per-adapter one (same
/// round, task and method) and the first token after a swap against the steady token after it. Rows measured while the
/// device was not steady, with the page cache warm or from a copy read before are left out.</summary>
public static class AdapterPairs
{
    public static IReadOnlyList<AdapterSwapRow> Counted(IEnumerable<AdapterSwapRow> rows) =>
        rows.Where(r => r.DeviceState != DeviceStates.Degraded && r.Cache == "cold" && !r.CopyReused && r.Verified).ToList();

    /// <summary>Per side (layout, method): the median of swap ÷ control with its distribution-free bounds.</summary>
    public static IReadOnlyList<(string Layout, string Method, PairedRatio? Ratio)> OfControl(IReadOnlyList<AdapterSwapRow> rows) =>
        rows.GroupBy(r => (r.Layout, r.ReadMethod)).OrderBy(g => g.Key.Layout).ThenBy(g => g.Key.ReadMethod)
            .Select(g => (g.Key.Layout, g.Key.ReadMethod, PairedRatio.Of(g.Select(r => r.SwapMBps).ToList(), g.Select(r => r.ControlMBps).ToList()))).ToList();

    /// <summary>Per method: <paramref name="numerator"/> layout's swap MB/s ÷ <paramref name="denominator"/>'s, paired by
    /// round and task.</summary>
    public static IReadOnlyList<(string Method, PairedRatio? Ratio)> Layouts(IReadOnlyList<AdapterSwapRow> rows, string numerator, string denominator) =>
        rows.GroupBy(r => r.ReadMethod).OrderBy(g => g.Key).Select(g =>
        {
            var top = g.Where(r => r.Layout == numerator).ToDictionary(r => (r.Pass, r.Round, r.Task));
            var pairs = g.Where(r => r.Layout == denominator && top.ContainsKey((r.Pass, r.Round, r.Task)))
                .Select(r => (Top: top[(r.Pass, r.Round, r.Task)].SwapMBps, Bottom: r.SwapMBps)).ToList();
            return (g.Key, PairedRatio.Of(pairs.Select(p => p.Top).ToList(), pairs.Select(p => p.Bottom).ToList()));
        }).ToList();

    /// <summary>Per side: first token after the swap ÷ the steady token after it.</summary>
    public static IReadOnlyList<(string Layout, string Method, PairedRatio? Ratio)> FirstToken(IReadOnlyList<AdapterSwapRow> rows) =>
        rows.GroupBy(r => (r.Layout, r.ReadMethod)).OrderBy(g => g.Key.Layout).ThenBy(g => g.Key.ReadMethod)
            .Select(g => (g.Key.Layout, g.Key.ReadMethod, PairedRatio.Of(g.Select(r => r.FirstTokenMs).ToList(), g.Select(r => r.SteadyTokenMs).ToList()))).ToList();
}
