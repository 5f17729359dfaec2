using System.Globalization;

namespace FlashBench.Core.Results;

/// <summary>Where one run's files go: results/&lt;run-id&gt;/ for data and plots/&lt;run-id&gt;/ for charts.</summary>
public sealed record RunDirectory(string ResultsPath, string PlotsPath)
{
    public string RunId => Path.GetFileName(ResultsPath.TrimEnd('/'));

    public string Result(string fileName) => Path.Combine(ResultsPath, fileName);

    public string Plot(string fileName) => Path.Combine(PlotsPath, fileName);

    public static string NewRunId(DateTime utcNow, string? suffix = null) =>
        utcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + (string.IsNullOrEmpty(suffix) ? "" : "-" + suffix);

    /// <summary>A new run under <paramref name="resultsRoot"/>; plots go to a sibling plots/ folder of the same run id.</summary>
    public static RunDirectory Create(string resultsRoot, string runId)
    {
        string results = Path.GetFullPath(Path.Combine(resultsRoot, runId));
        string plots = PlotsFor(results);
        Directory.CreateDirectory(results);
        return new RunDirectory(results, plots);
    }

    /// <summary>An existing run directory (for report and compare).</summary>
    public static RunDirectory Open(string resultsPath)
    {
        string full = Path.GetFullPath(resultsPath);
        if (!Directory.Exists(full))
            throw new DirectoryNotFoundException($"run directory not found: {resultsPath}");
        return new RunDirectory(full, PlotsFor(full));
    }

    /// <summary>results/ID → plots/ID beside it when the parent is called "results"; otherwise ID/plots.</summary>
    private static string PlotsFor(string results)
    {
        var parent = Directory.GetParent(results);
        string id = Path.GetFileName(results);
        return parent is not null && parent.Name == "results" && parent.Parent is not null
            ? Path.Combine(parent.Parent.FullName, "plots", id)
            : Path.Combine(results, "plots");
    }
}
