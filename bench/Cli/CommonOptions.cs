using System.CommandLine;

namespace FlashBench.Bench.Cli;

/// <summary>Options several commands share, created fresh per command (an Option belongs to one parent).</summary>
public static class CommonOptions
{
    public const string DefaultDataDirectory = "data";
    public const string DefaultResultsDirectory = "results";

    public static Option<bool> Quick() => new("--quick") { Description = "Quick profile: small grid, few iterations (CI, smoke runs)" };

    public static Option<bool> Full() => new("--full") { Description = "Full profile, for publication" };

    public static Option<string> DataDirectory() => new("--data-dir")
    {
        Description = "Folder for the generated data files (must be on the storage to measure)",
        DefaultValueFactory = _ => DefaultDataDirectory,
    };

    public static Option<string> ResultsDirectory() => new("--out")
    {
        Description = "Folder under which results/<run-id>/ is created; plots go to a sibling plots/<run-id>/",
        DefaultValueFactory = _ => DefaultResultsDirectory,
    };

    public static Option<bool> Verify() => new("--verify") { Description = "Check every byte read against the file's known content (slower)" };
}
