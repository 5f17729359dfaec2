using System.Text.Json;
using System.Text.Json.Nodes;
using FlashBench.Core.Machine;

namespace FlashBench.Core.Results;

/// <summary>run.json: when, from which commit, on what machine and storage, with which settings.
/// Each experiment adds its own section under "experiments"; the file is rewritten atomically.</summary>
public static class RunInfo
{
    public const string FileName = "run.json";

    /// <summary>Root key written when every experiment of the run finished; a run.json without it is a partial run.</summary>
    public const string CompletedKey = "completed_utc";

    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    /// <summary>Writes the common part (machine, git, runtime) if absent and sets the experiment's section.</summary>
    public static void Record(RunDirectory run, string experiment, object section, string? benchmarkDotNetVersion = null, string? profile = null,
        ulong? seed = null)
    {
        string path = run.Result(FileName);
        JsonObject root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? new JsonObject() : new JsonObject();
        if (!root.ContainsKey("run_id"))
        {
            root["run_id"] = run.RunId;
            root["utc_start"] = DateTime.UtcNow.ToString("O");
            root["git"] = JsonSerializer.SerializeToNode(GitInfo.Current(Directory.GetCurrentDirectory()), Options);
            root["machine"] = JsonSerializer.SerializeToNode(MachineInfo.Current(), Options);
            root["dotnet"] = Environment.Version.ToString();
        }
        if (benchmarkDotNetVersion is not null)
            root["benchmarkdotnet"] = benchmarkDotNetVersion;
        if (profile is not null)
            root["profile"] = profile;
        if (seed is not null)
            root["seed"] = seed.Value;
        var experiments = root["experiments"] as JsonObject ?? new JsonObject();
        experiments[experiment] = JsonSerializer.SerializeToNode(section, section.GetType(), Options);
        root["experiments"] = experiments;
        AtomicFile.WriteAllText(path, root.ToJsonString(Options));
    }

    /// <summary>Sets a section at run.json's root (e.g. "device": how the device was watched through the run).</summary>
    public static void RecordRoot(RunDirectory run, string key, object section)
    {
        string path = run.Result(FileName);
        JsonObject root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? new JsonObject() : new JsonObject();
        root[key] = JsonSerializer.SerializeToNode(section, section.GetType(), Options);
        AtomicFile.WriteAllText(path, root.ToJsonString(Options));
    }

    /// <summary>Marks the run complete (see <see cref="CompletedKey"/>); the last thing a run writes before its report.</summary>
    public static void MarkCompleted(RunDirectory run)
    {
        string path = run.Result(FileName);
        JsonObject root = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? new JsonObject() : new JsonObject();
        root[CompletedKey] = DateTime.UtcNow.ToString("O");
        AtomicFile.WriteAllText(path, root.ToJsonString(Options));
    }

    public static bool IsCompleted(JsonObject runInfo) => runInfo.ContainsKey(CompletedKey);

    /// <summary>An experiment's section of run.json read back as the record that wrote it; null when absent.</summary>
    public static T? Section<T>(string resultsPath, string experiment) where T : class =>
        Load(resultsPath)?["experiments"]?[experiment] is { } node ? node.Deserialize<T>(Options) : null;

    /// <summary>The whole run.json, or null when the run has none.</summary>
    public static JsonObject? Load(string resultsPath)
    {
        string path = Path.Combine(resultsPath, FileName);
        return File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject : null;
    }
}
