using System.Globalization;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Results;

namespace FlashBench.Reporting.Device;

/// <summary>The line under the verdict when a headline ratio moved since the previous run in the same results folder:
/// "opt-6.7b Naive → All I/O 28.9× against 23.1× in 20261205-022024 (×1.25): All read 0.61 GB/s against 0.48 (×1.29),
/// its I/O control 0.88 against 0.76 (×1.16); Naive …". One run's verdict judges each side against the device at that
/// moment; two runs hours apart meet different devices (a virtual disk drifts, a cache below the guest fills and
/// empties), and a ratio can move by a quarter with every side inside the rules. The line says which side moved and
/// whether its control moved with it (the device) or not (the loader's share of the device).</summary>
public static class HeadlineDrift
{
    /// <summary>A headline ratio that moved by more than this fraction since the previous run is explained.</summary>
    public const double Tolerance = 0.15;

    /// <summary>The drift line of <paramref name="run"/> against the newest earlier run beside it that has a table2.csv;
    /// null when there is none or no ratio moved by more than <see cref="Tolerance"/>.</summary>
    public static string? Of(RunDirectory run)
    {
        string current = run.Result(Table2Row.FileName);
        if (!File.Exists(current) || Previous(run) is not { } previous)
            return null;
        return Of(CsvFiles.Read<Table2Row>(current), CsvFiles.Read<Table2Row>(previous.Result(Table2Row.FileName)), previous.RunId);
    }

    /// <summary>The newest run folder beside <paramref name="run"/> whose id sorts before it (run ids start with the UTC
    /// time, yyyyMMdd-HHmmss) and that has a table2.csv; reference-… folders and anything else are not runs of this series.</summary>
    public static RunDirectory? Previous(RunDirectory run)
    {
        string? parent = Path.GetDirectoryName(run.ResultsPath.TrimEnd('/'));
        if (parent is null || !Directory.Exists(parent))
            return null;
        var earlier = Directory.GetDirectories(parent)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(id => id.Length >= 15 && char.IsAsciiDigit(id[0]) && string.CompareOrdinal(id, run.RunId) < 0)
            .Where(id => File.Exists(Path.Combine(parent, id, Table2Row.FileName)))
            .OrderByDescending(id => id, StringComparer.Ordinal)
            .FirstOrDefault();
        return earlier is null ? null : RunDirectory.Open(Path.Combine(parent, earlier));
    }

    public static string? Of(IReadOnlyList<Table2Row> current, IReadOnlyList<Table2Row> previous, string previousId)
    {
        string naive = InferenceConfig.Naive.Name(), all = InferenceConfig.All.Name();
        var moved = new List<string>();
        foreach (var model in current.Select(r => r.Model).Distinct())
        {
            Table2Row? Row(IReadOnlyList<Table2Row> rows, string config) => rows.FirstOrDefault(r => r.Model == model && r.Config == config);
            if (Row(current, all) is not { IoRatio: > 0 } nowAll || Row(previous, all) is not { IoRatio: > 0 } thenAll)
                continue;
            double change = nowAll.IoRatio!.Value / thenAll.IoRatio!.Value;
            if (Math.Abs(change - 1) <= Tolerance)
                continue;
            var sides = new List<string>();
            foreach (var config in new[] { all, naive })
            {
                if (Row(current, config) is { DeviceGbps: > 0 } now && Row(previous, config) is { DeviceGbps: > 0 } then)
                    sides.Add(Side(now, then));
            }
            moved.Add(string.Create(CultureInfo.InvariantCulture,
                $"{model} Naive → All I/O {nowAll.IoRatio:0.0}× against {thenAll.IoRatio:0.0}× in {previousId} (×{change:0.00}): {string.Join("; ", sides)}"));
        }
        return moved.Count == 0 ? null : $"headline ratio moved since the previous run: {string.Join("; ", moved)}";
    }

    /// <summary>"All read 0.61 GB/s against 0.48 (×1.29), its I/O control 0.88 against 0.76 (×1.16): the device at its read
    /// size moved with it" — or "…: its control did not move with it", or without controls the read rates alone.</summary>
    private static string Side(Table2Row now, Table2Row then)
    {
        double read = now.DeviceGbps / then.DeviceGbps;
        string text = string.Create(CultureInfo.InvariantCulture, $"{now.PaperLabel} read {now.DeviceGbps:0.00} GB/s against {then.DeviceGbps:0.00} (×{read:0.00})");
        if (now.ControlGbps is not > 0 || then.ControlGbps is not > 0)
            return text;
        double control = now.ControlGbps.Value / then.ControlGbps.Value;
        // the device explains the side's move when its control moved the same way by at least half as much (in log terms)
        bool device = Math.Abs(Math.Log(read)) > 0.05 && Math.Sign(Math.Log(control)) == Math.Sign(Math.Log(read)) && Math.Abs(Math.Log(control)) >= Math.Abs(Math.Log(read)) / 2;
        string why = Math.Abs(Math.Log(read)) <= 0.05 ? "unchanged"
            : device ? "the device at its read size moved with it"
            : "its control did not move with it: the loader's share of the device, or a cache below the guest";
        return string.Create(CultureInfo.InvariantCulture, $"{text}, its I/O control {now.ControlGbps:0.00} against {then.ControlGbps:0.00} (×{control:0.00}): {why}");
    }
}
