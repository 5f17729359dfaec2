using System.Text.Json;
using System.Text.Json.Nodes;
using FlashBench.Core.Machine;
using FlashBench.Core.Results;

namespace FlashBench.Reporting.Comparison;

/// <summary>What a run's run.json says about the conditions it measured under: the facts two runs must share to
/// be compared (profile, test-file size, device, file system, read-ahead, kernel, CPU), the testbed that keys the
/// history, and the commit.</summary>
public sealed class RunFacts
{
    // run.json's keys are the snake_case names of Core's records (RunInfo writes them with SnakeCaseLower).
    private static readonly string Machine = Snake("Machine"), Experiments = Snake("Experiments"), Storage = Snake("Storage"), Git = Snake("Git"),
        Profile = Snake("Profile"), FileBytes = Snake("FileBytes"), Throughput = Snake("Throughput");

    private static readonly string[] StorageFacts =
        [Snake(nameof(StorageInfo.Device)), Snake(nameof(StorageInfo.DeviceModel)), Snake(nameof(StorageInfo.FileSystem)), Snake(nameof(StorageInfo.ReadAheadKb))];

    private RunFacts(string directory, JsonObject json)
    {
        Directory = directory;
        Facts = Collect(json);
        Commit = Text(json[Git]?[Snake(nameof(GitInfo.Commit))]) ?? "unknown";
        Dirty = json[Git]?[Snake(nameof(GitInfo.Dirty))]?.GetValueKind() == JsonValueKind.True;
        RunId = Text(json[Snake("RunId")]) ?? Path.GetFileName(directory.TrimEnd('/'));
        UtcStart = Text(json[Snake("UtcStart")]) ?? "";
        var storage = StorageSection(json);
        Testbed = new Testbed(
            Device: Text(storage?[StorageFacts[0]]) ?? "unknown",
            DeviceModel: Text(storage?[StorageFacts[1]]) ?? "unknown",
            FileSystem: Text(storage?[StorageFacts[2]]) ?? "unknown",
            ReadAheadKb: Text(storage?[StorageFacts[3]]) ?? "unknown",
            Kernel: Text(json[Machine]?[Snake(nameof(MachineInfo.Kernel))]) ?? "unknown",
            Cpu: Text(json[Machine]?[Snake(nameof(MachineInfo.CpuModel))]) ?? "unknown");
    }

    public string Directory { get; }

    /// <summary>Name (a path in run.json, e.g. "experiments.throughput.storage.device") → value.</summary>
    public IReadOnlyDictionary<string, string> Facts { get; }

    public string Commit { get; }

    public bool Dirty { get; }

    public string RunId { get; }

    public string UtcStart { get; }

    public Testbed Testbed { get; }

    /// <summary>Reads &lt;directory&gt;/run.json; a missing, malformed or unfinished (no completed_utc) one is bad input.</summary>
    public static RunFacts Load(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
            throw new DirectoryNotFoundException($"run directory not found: {directory}");
        JsonObject? json;
        try
        {
            json = RunInfo.Load(directory);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{Path.Combine(directory, RunInfo.FileName)} is not valid JSON: {e.Message.Split('\n')[0]}");
        }
        if (json is null)
            throw new InvalidDataException($"{directory} has no {RunInfo.FileName}: not a FlashBench run");
        if (!RunInfo.IsCompleted(json))
            throw new InvalidDataException($"{directory} is a partial run: its {RunInfo.FileName} has no {RunInfo.CompletedKey}");
        return new RunFacts(directory, json);
    }

    /// <summary>Facts both runs state but with different values.</summary>
    public static IReadOnlyList<RunDifference> Differences(RunFacts first, RunFacts second) =>
        first.Facts.Where(f => second.Facts.TryGetValue(f.Key, out string? other) && other != f.Value)
            .Select(f => new RunDifference(f.Key, f.Value, second.Facts[f.Key], first.Directory, second.Directory))
            .ToList();

    private static Dictionary<string, string> Collect(JsonObject json)
    {
        var facts = new Dictionary<string, string>();
        Add(facts, Profile, json[Profile]);
        Add(facts, $"{Machine}.{Snake(nameof(MachineInfo.Kernel))}", json[Machine]?[Snake(nameof(MachineInfo.Kernel))]);
        Add(facts, $"{Machine}.{Snake(nameof(MachineInfo.CpuModel))}", json[Machine]?[Snake(nameof(MachineInfo.CpuModel))]);
        if (json[Experiments] is JsonObject experiments)
        {
            Add(facts, $"{Experiments}.{Throughput}.{FileBytes}", experiments[Throughput]?[FileBytes]);
            foreach (var (name, section) in experiments)
            {
                foreach (string fact in StorageFacts)
                    Add(facts, $"{Experiments}.{name}.{Storage}.{fact}", section?[Storage]?[fact]);
            }
        }
        return facts;
    }

    /// <summary>The storage the run measured: the throughput experiment's, else the first experiment that states one.</summary>
    private static JsonNode? StorageSection(JsonObject json) =>
        json[Experiments] is JsonObject experiments
            ? experiments[Throughput]?[Storage] ?? experiments.Select(e => e.Value?[Storage]).FirstOrDefault(s => s is JsonObject)
            : null;

    private static void Add(Dictionary<string, string> facts, string name, JsonNode? node)
    {
        if (Text(node) is { } text)
            facts[name] = text;
    }

    private static string? Text(JsonNode? node) =>
        node is not JsonValue value ? null : value.TryGetValue(out string? text) ? text : value.ToJsonString();

    private static string Snake(string name) => JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}

/// <summary>A run.json fact two runs state differently.</summary>
public sealed record RunDifference(string Fact, string First, string Second, string FirstRun, string SecondRun)
{
    public override string ToString() => $"{Fact}: {First} ({FirstRun}) vs {Second} ({SecondRun})";
}

/// <summary>The machine and storage a run measured on: the history keeps series per testbed.</summary>
public sealed record Testbed(string Device, string DeviceModel, string FileSystem, string ReadAheadKb, string Kernel, string Cpu)
{
    public string Key => $"{Device} ({DeviceModel}), {FileSystem}, read-ahead {ReadAheadKb} KiB, kernel {Kernel}, {Cpu}";
}
