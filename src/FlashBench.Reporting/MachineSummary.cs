using System.Globalization;
using System.Text.Json.Nodes;
using FlashBench.Core;
using FlashBench.Core.Results;
using FlashBench.Reporting.Markdown;

namespace FlashBench.Reporting;

/// <summary>The "where was this measured" table at the top of REPORT.md, from run.json (RunInfo):
/// machine, storage (from any experiment that recorded one), commit, runtime, profile.</summary>
public static class MachineSummary
{
    public static string Table(RunDirectory run)
    {
        var root = RunInfo.Load(run.ResultsPath);
        var table = new MarkdownTable("property", "value");
        if (root is null)
            return table.AddRow("run.json", "missing: machine unknown").ToString();
        var machine = root["machine"] as JsonObject;
        Add(table, "CPU", Text(machine, "cpu_model"));
        Add(table, "logical cores", Text(machine, "logical_cores"));
        Add(table, "memory", machine?["memory_bytes"] is JsonValue memory && memory.TryGetValue(out long bytes) ? Units.FormatBytes(bytes) : null);
        Add(table, "kernel", Text(machine, "kernel"));
        Add(table, "OS", Text(machine, "operating_system"));
        var described = new HashSet<string>();
        foreach (var storage in Storages(root))
        {
            string device = string.Join(", ", new[] { Text(storage, "device_model"), Text(storage, "device"), Text(storage, "file_system"), Text(storage, "mount_point") }
                .Where(s => !string.IsNullOrEmpty(s)));
            if (!described.Add(device))
                continue; // several data files on the same device
            Add(table, "storage", device);
            if (storage["rotational"] is JsonValue rotational && rotational.TryGetValue(out bool spinning))
                Add(table, "storage kind", spinning ? "rotational, as the kernel reports it (virtual disks often say so whatever backs them)" : "solid state");
            Add(table, "read-ahead", Text(storage, "read_ahead_kb") is { } readAhead ? $"{readAhead} KiB" : null);
        }
        var git = root["git"] as JsonObject;
        if (git is not null)
            Add(table, "git commit", Text(git, "commit") + (git["dirty"] is JsonValue dirty && dirty.TryGetValue(out bool isDirty) && isDirty ? " (dirty: uncommitted changes)" : ""));
        Add(table, ".NET", Text(root, "dotnet") ?? Text(machine, "runtime"));
        Add(table, "BenchmarkDotNet", Text(root, "benchmarkdotnet"));
        Add(table, "profile", Text(root, "profile"));
        Add(table, "started (UTC)", Text(root, "utc_start"));
        return table.ToString();
    }

    /// <summary>Storage objects anywhere in run.json (experiments record the storage they measured), deduplicated.</summary>
    private static IEnumerable<JsonObject> Storages(JsonObject root)
    {
        var seen = new HashSet<string>();
        foreach (var node in Walk(root))
        {
            if (node is JsonObject candidate && candidate["file_system"] is not null && seen.Add(candidate.ToJsonString()))
                yield return candidate;
        }
    }

    private static IEnumerable<JsonNode> Walk(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
            foreach (var nested in Walk(child))
                yield return nested;
    }

    private static void Add(MarkdownTable table, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
            table.AddRow(name, value);
    }

    private static string? Text(JsonObject? obj, string key) => obj?[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue(out string? s) => s,
        JsonValue value when value.TryGetValue(out long n) => n.ToString(CultureInfo.InvariantCulture),
        JsonValue value when value.TryGetValue(out bool b) => b ? "yes" : "no",
        var other => other.ToJsonString(),
    };
}
