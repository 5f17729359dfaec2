using System.Text.Json;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;

namespace FlashBench.Core.CrossCheck;

/// <summary>Reads fio's --output-format=json (group_reporting: one job entry) into a <see cref="FioRow"/>.</summary>
public static class FioJsonParser
{
    public static FioRow Parse(string json, FioJob job)
    {
        // fio may print warnings before the JSON document
        int start = json.IndexOf('{');
        if (start < 0)
            throw new InvalidDataException("fio printed no JSON result");
        using var document = JsonDocument.Parse(json[start..]);
        var root = document.RootElement;
        var jobs = root.GetProperty("jobs");
        if (jobs.GetArrayLength() == 0)
            throw new InvalidDataException("fio's JSON result has no job");
        var entry = jobs[0];
        int error = entry.GetProperty("error").GetInt32();
        if (error != 0)
            throw new InvalidDataException($"fio reported error {error} for {job.ChunkBytes}-byte reads on {job.Threads} threads");
        var read = entry.GetProperty("read");
        var clat = read.GetProperty("clat_ns");
        var percentiles = clat.TryGetProperty("percentile", out var p) ? p : default;
        double runtimeSeconds = read.GetProperty("runtime").GetDouble() / 1000.0;
        long bytes = read.GetProperty("io_bytes").GetInt64();
        return new FioRow
        {
            Engine = job.Engine,
            Method = job.Method.Name(),
            QueueDepth = job.QueueDepth,
            ChunkBytes = job.ChunkBytes,
            Threads = job.Threads,
            RuntimeSeconds = runtimeSeconds,
            BytesRead = bytes,
            ThroughputMBps = read.GetProperty("bw_bytes").GetDouble() / Units.DecimalMegabyte,
            Iops = read.GetProperty("iops").GetDouble(),
            MeanMicros = read.GetProperty("lat_ns").GetProperty("mean").GetDouble() / 1000.0,
            P50Micros = Percentile(percentiles, "50.000000"),
            P99Micros = Percentile(percentiles, "99.000000"),
            FioVersion = root.TryGetProperty("fio version", out var version) ? version.GetString() ?? "" : "",
        };
    }

    private static double Percentile(JsonElement percentiles, string key) =>
        percentiles.ValueKind == JsonValueKind.Object && percentiles.TryGetProperty(key, out var value) ? value.GetDouble() / 1000.0 : double.NaN;
}
