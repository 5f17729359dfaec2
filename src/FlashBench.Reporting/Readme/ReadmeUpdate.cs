using FlashBench.Core.Results;

namespace FlashBench.Reporting.Readme;

/// <summary>What updating README.md from a run did: tables spliced, and tables the run produced that
/// the README has no markers for (reported, not an error: the README chooses what it shows).</summary>
public sealed record ReadmeUpdateResult(IReadOnlyList<string> Updated, IReadOnlyList<string> WithoutMarkers);

public static class ReadmeUpdate
{
    /// <summary>Pure: splices every table whose markers exist in <paramref name="readme"/>.</summary>
    public static (string Readme, ReadmeUpdateResult Result) Apply(string readme, IReadOnlyDictionary<string, string> tables)
    {
        var updated = new List<string>();
        var missing = new List<string>();
        foreach (var (name, table) in tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (ReadmeTables.Has(readme, name))
            {
                readme = ReadmeTables.Splice(readme, name, table);
                updated.Add(name);
            }
            else
            {
                missing.Add(name);
            }
        }
        return (readme, new ReadmeUpdateResult(updated, missing));
    }

    /// <summary>Rewrites the README file (atomically) with the run's tables.</summary>
    public static ReadmeUpdateResult ApplyToFile(string readmePath, IReadOnlyDictionary<string, string> tables)
    {
        if (!File.Exists(readmePath))
            throw new FileNotFoundException($"README not found: {readmePath}", readmePath);
        var (text, result) = Apply(File.ReadAllText(readmePath), tables);
        AtomicFile.WriteAllText(readmePath, text);
        return result;
    }
}
