using System.Globalization;
using FlashBench.Core;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Results;
using FlashBench.Reporting.Charts;

namespace FlashBench.Reporting.Device;

/// <summary>The line under the device verdict when a headline ratio is not a flash figure although the device was steady.
/// Table 2 (Naive → All I/O), above: the latency run re-reads its sampled layers every token, and a cache below the guest
/// can serve those re-reads faster than the device's cold curve allows (<see cref="Table2Row.AboveCurve"/>); below: a side
/// read at under half of its own I/O control, measured at the same moment with the same method
/// (<see cref="Table2Row.BelowControl"/>): its files sat colder below the guest than the control's, or its loader stalled;
/// above 1.5× of that control (<see cref="Table2Row.AboveControl"/>): the iterations' re-reads came from that cache.
/// Bundling (separate ÷ bundled): a layout whose tokens read, at the median, below half or above 1.5× the I/O control
/// read right after each of them. Either ratio then moves from run to run with what that cache holds.</summary>
public static class HeadlineCaveats
{
    /// <summary>The bundling experiment's CSV (the name the experiment writes).</summary>
    public const string BundlingCsv = "bundling.csv";

    /// <summary>"headline ratio not a flash figure: opt-6.7b Naive → All I/O (Naive read 3.94 GB/s, 1.9× the cold curve at
    /// 1 MiB reads: a cache below the guest served its re-reads)", or null when every ratio's sides read within the curve.</summary>
    public static string? Of(IReadOnlyList<Table2Row> table2) => Line(Table2(table2));

    /// <summary>The caveats of a run folder's table2.csv and bundling.csv, as one line; null when neither has one.</summary>
    public static string? Of(RunDirectory run)
    {
        var caveats = new List<string>();
        string table2 = run.Result(Table2Row.FileName);
        if (File.Exists(table2))
            caveats.AddRange(Table2(CsvFiles.Read<Table2Row>(table2)));
        if (File.Exists(run.Result(BundlingCsv)))
            caveats.AddRange(Bundling(SparseReportData.Counted(run, BundlingCsv).Rows));
        return Line(caveats);
    }

    /// <summary>"bundling separate ÷ bundled (bundled read 0.33 GB/s, 0.45× its I/O control …)" for each layout whose
    /// median token read below <see cref="Table2Row.BelowControlFactor"/> or above <see cref="Table2Row.AboveControlFactor"/> of the
    /// control read right after it; empty without controls.</summary>
    public static IReadOnlyList<string> Bundling(IReadOnlyList<SparseTokenRow> rows)
    {
        var sides = new List<string>();
        foreach (var layout in rows.Where(r => r.OfControl is not null).GroupBy(r => r.Layout).OrderByDescending(g => g.Key, StringComparer.Ordinal))
        {
            double ofControl = layout.Median(r => r.OfControl!.Value);
            if (ofControl is >= Table2Row.BelowControlFactor and <= Table2Row.AboveControlFactor)
                continue;
            string why = ofControl < Table2Row.BelowControlFactor
                ? "its file was colder below the guest than the control's, or the loader stalled"
                : "a cache below the guest served its reads";
            sides.Add(string.Create(CultureInfo.InvariantCulture,
                $"{layout.Key} read {layout.Median(r => r.EffectiveGBps):0.00} GB/s, {ofControl:0.00}× its I/O control read right after each token ({layout.Median(r => r.ControlGbps!.Value):0.00} GB/s at {Units.FormatBytes((long)layout.Median(r => r.ControlReadBytes ?? 0))} reads): {why}"));
        }
        return sides.Count == 0 ? [] : [$"bundling separate ÷ bundled ({string.Join("; ", sides)})"];
    }

    private static IEnumerable<string> Table2(IReadOnlyList<Table2Row> table2)
    {
        string naive = InferenceConfig.Naive.Name(), all = InferenceConfig.All.Name();
        foreach (var model in table2.GroupBy(r => r.Model))
        {
            var ends = model.Where(r => r.Config == naive || r.Config == all).ToList();
            var above = ends.Where(r => r.AboveCurve).Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.PaperLabel} read {r.ThroughputGbps:0.00} GB/s, {r.ThroughputGbps / r.CurveGbps!.Value:0.0}× the cold curve at {Units.FormatBytes(r.BytesPerRead)} reads: a cache below the guest served its re-reads")).ToList();
            var offControl = ends.Where(r => !r.AboveCurve && (r.BelowControl || r.AboveControl)).Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.PaperLabel} read {r.DeviceGbps:0.00} GB/s, {r.DeviceOverControl!.Value:0.00}× its I/O control read right after it ({r.ControlGbps:0.00} GB/s): {(r.BelowControl ? "its files were colder below the guest than the control's, or the loader stalled" : "a cache below the guest served its re-reads")}")).ToList();
            if (above.Count + offControl.Count > 0)
                yield return $"{model.Key} Naive → All I/O ({string.Join("; ", above.Concat(offControl))})";
        }
    }

    private static string? Line(IEnumerable<string> caveats)
    {
        var list = caveats.ToList();
        return list.Count == 0 ? null : $"headline ratio not a flash figure: {string.Join("; ", list)}";
    }
}
