using System.Text.Json.Nodes;
using FlashBench.Core.Results;

namespace FlashBench.Reporting.Device;

/// <summary>run.json's "device" object: whether the device settled before the first measurement, how long the run
/// waited for it, the baseline it settled at and the device's own counters. Every part is optional (null when absent).</summary>
public sealed record DeviceSettle(bool? Steady, double? WaitedSeconds, double? MaxSeconds, double? BaselineMBps,
    long? DeviceReadBytes = null, long? DeviceWrittenBytes = null)
{
    /// <summary>The run's "device" object, or null when run.json or the object is missing.</summary>
    public static DeviceSettle? Load(RunDirectory run) =>
        RunInfo.Load(run.ResultsPath)?["device"] is JsonObject device ? From(device) : null;

    public static DeviceSettle From(JsonObject device)
    {
        var settle = device["settle"] as JsonObject;
        return new DeviceSettle(
            Value<bool>(settle?["steady"]),
            Value<double>(settle?["waited_s"]),
            Value<double>(settle?["max_s"]),
            Value<double>(device["baseline_mb_s"]),
            Value<long>(device["device_read_bytes"]),
            Value<long>(device["device_written_bytes"]));
    }

    private static T? Value<T>(JsonNode? node) where T : struct =>
        node is JsonValue value && value.TryGetValue(out T result) ? result : null;
}
