using System.Globalization;
using FlashBench.Core;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Results;

namespace FlashBench.Reporting.Device;

/// <summary>The line under the device verdict when a headline ratio is not a flash figure although the device was steady.
/// Above: the latency run re-reads its sampled layers every token, and a cache below the guest can serve those re-reads
/// faster than the device's cold curve allows (<see cref="Table2Row.AboveCurve"/>). Below: a side read at under half of its
/// own I/O control, measured at the same moment with the same method (<see cref="Table2Row.BelowControl"/>): its files sat
/// colder below the guest than the control's, or its loader stalled. Naive → All I/O (Table 2) then moves from run to run
/// with what that cache holds.</summary>
public static class HeadlineCaveats
{
    /// <summary>"headline ratio not a flash figure: opt-6.7b Naive → All I/O (Naive read 3.94 GB/s, 1.9× the cold curve at
    /// 1 MiB reads: a cache below the guest served its re-reads)", or null when every ratio's sides read within the curve.</summary>
    public static string? Of(IReadOnlyList<Table2Row> table2)
    {
        string naive = InferenceConfig.Naive.Name(), all = InferenceConfig.All.Name();
        var caveats = new List<string>();
        foreach (var model in table2.GroupBy(r => r.Model))
        {
            var ends = model.Where(r => r.Config == naive || r.Config == all).ToList();
            var above = ends.Where(r => r.AboveCurve).Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.PaperLabel} read {r.ThroughputGbps:0.00} GB/s, {r.ThroughputGbps / r.CurveGbps!.Value:0.0}× the cold curve at {Units.FormatBytes(r.BytesPerRead)} reads: a cache below the guest served its re-reads")).ToList();
            var below = ends.Where(r => !r.AboveCurve && r.BelowControl).Select(r => string.Create(CultureInfo.InvariantCulture,
                $"{r.PaperLabel} read {r.DeviceGbps:0.00} GB/s, {r.DeviceOverControl!.Value:0.00}× its I/O control read right after it ({r.ControlGbps:0.00} GB/s): its files were colder below the guest than the control's, or the loader stalled")).ToList();
            if (above.Count + below.Count > 0)
                caveats.Add($"{model.Key} Naive → All I/O ({string.Join("; ", above.Concat(below))})");
        }
        return caveats.Count == 0 ? null : $"headline ratio not a flash figure: {string.Join("; ", caveats)}";
    }

    /// <summary>The caveat of a run folder's table2.csv; null without one.</summary>
    public static string? Of(RunDirectory run)
    {
        string path = run.Result(Table2Row.FileName);
        return File.Exists(path) ? Of(CsvFiles.Read<Table2Row>(path)) : null;
    }
}
