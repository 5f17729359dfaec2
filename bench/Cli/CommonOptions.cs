using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using FlashBench.Bench.Hosting;
using FlashBench.Core.DeviceWatch;

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

    private readonly Option<string?> _settleMax = new("--settle-max")
    {
        Description = "Longest wait for a steady device before the first measurement, in seconds (default 90, 10 with --quick; probes show progress)",
    };
    private readonly Option<string?> _degradedWait = new("--degraded-wait")
    {
        Description = "Longest wait for a slowed device to come back before a degraded case is measured again, in seconds (default 60)",
    };
    private readonly Option<bool> _noDeviceWatch = new("--no-device-watch")
    {
        Description = "Do not probe the device around cases (figures are then not judged against the device's state)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_settleMax);
        command.Options.Add(_degradedWait);
        command.Options.Add(_noDeviceWatch);
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
        var profile = Profiles.From(parse.GetValue(_quick), parse.GetValue(_full));
        var watch = parse.GetValue(_noDeviceWatch) ? null : new DeviceWatchOptions
        {
            // the quick profile is a smoke run: a short settle, so CI and first tries do not wait on a noisy disk
            SettleMax = Seconds(parse.GetValue(_settleMax), "--settle-max") ?? (profile == Profile.Quick ? TimeSpan.FromSeconds(10) : new DeviceWatchOptions().SettleMax),
            DegradedWait = Seconds(parse.GetValue(_degradedWait), "--degraded-wait") ?? new DeviceWatchOptions().DegradedWait,
        };
        return new RunSettings(profile, dataDirectory, parse.GetValue(_results)!,
            Seed(parse.GetValue(_seed)), watch);
    }

    private static ulong Seed(string? text) =>
        text is null ? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) >> 11
        : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed) ? seed
        : throw new UsageException($"--seed: '{text}' is not a whole number (0 … {ulong.MaxValue})");

    private static TimeSpan? Seconds(string? text, string option) =>
        text is null ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0 && seconds <= 3600 ? TimeSpan.FromSeconds(seconds)
        : throw new UsageException($"{option}: '{text}' is not a number of seconds from 0 to 3600");

    public static Option<bool> Verify() => new("--verify") { Description = "Check every byte read against the file's known content (slower)" };
}
