using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using FlashBench.Bench.Hosting;

namespace FlashBench.Bench.Cli;

/// <summary>The options every run takes (the suite and each experiment command): profile, data folder, results folder,
/// seed. Created per command, since a System.CommandLine option belongs to one parent.</summary>
public sealed class CommonOptions
{
    public const string DefaultDataDirectory = "data";
    public const string DefaultResultsDirectory = "results";

    private readonly Option<bool> _quick = new("--quick") { Description = "Quick profile: small grid, few iterations (CI, smoke runs)" };
    private readonly Option<bool> _full = new("--full") { Description = "Full profile, for publication" };
    private readonly Option<string> _dataDirectory = new("--data-dir")
    {
        Description = "Folder for the generated data files (must be on the storage to measure)",
        DefaultValueFactory = _ => DefaultDataDirectory,
    };
    private readonly Option<string> _results = new("--out")
    {
        Description = "Folder under which results/<run-id>/ is created; plots go to a sibling plots/<run-id>/",
        DefaultValueFactory = _ => DefaultResultsDirectory,
    };
    private readonly Option<string?> _seed = new("--seed")
    {
        Description = "The run's seed (a whole number): offsets and case orders derive from it; default random, recorded in run.json",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_quick);
        command.Options.Add(_full);
        command.Options.Add(_dataDirectory);
        command.Options.Add(_results);
        command.Options.Add(_seed);
    }

    public RunSettings Settings(ParseResult parse)
    {
        string dataDirectory = parse.GetValue(_dataDirectory)!;
        string full = Path.GetFullPath(dataDirectory);
        string? parent = Path.GetDirectoryName(full.TrimEnd('/'));
        if (!Directory.Exists(full) && (parent is null || !Directory.Exists(parent)))
            throw new UsageException($"--data-dir: the folder containing {dataDirectory} does not exist");
        return new RunSettings(Profiles.From(parse.GetValue(_quick), parse.GetValue(_full)), dataDirectory, parse.GetValue(_results)!,
            Seed(parse.GetValue(_seed)));
    }

    private static ulong Seed(string? text) =>
        text is null ? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 11
        : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed) ? seed
        : throw new UsageException($"--seed: '{text}' is not a whole number (0 … {ulong.MaxValue})");

    public static Option<bool> Verify() => new("--verify") { Description = "Check every byte read against the file's known content (slower)" };
}
