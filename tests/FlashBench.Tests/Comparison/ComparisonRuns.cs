using System.Text.Json.Nodes;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Machine;
using FlashBench.Core.Results;

namespace FlashBench.Tests.Comparison;

/// <summary>Writes small, finished run directories for comparer tests with the product's row types and its own
/// run.json writer. Values are a level × a per-round device factor × a small deterministic per-sample jitter.</summary>
public static class ComparisonRuns
{
    public const int Iterations = 5;

    /// <summary>The throughput passes of a default-suite run.</summary>
    public const int DefaultPasses = 3;

    public static readonly (string Method, int Chunk, int Threads, double MBps)[] Grid =
    [
        ("direct", 4096, 1, 50), ("direct", 32768, 1, 400), ("direct", 32768, 32, 7400), ("direct", 1 << 20, 32, 17000),
        ("buffered", 32768, 32, 6400), ("buffered", 1 << 20, 32, 16000),
    ];

    /// <summary>±1 % per-sample jitter, deterministic.</summary>
    public static double Jitter(int seed) => 1 + 0.01 * Math.Sin(seed * 1.7);

    /// <summary>A device factor per round, spread ±<paramref name="amplitude"/> (deterministic: same round → same factor).</summary>
    public static double Drift(int round, double amplitude) => 1 + amplitude * Math.Sin(round * 2.3 + 0.4);

    /// <summary>A finished run: run.json from Core's RunInfo (throughput section with file size and storage), completed.</summary>
    public static string NewRun(string root, string name, string profile = "quick", long fileBytes = 1 << 30, bool completed = true)
    {
        var run = RunDirectory.Create(root, name);
        RunInfo.Record(run, "throughput", new { FileBytes = fileBytes, Storage = StorageInfo.For(root) }, profile: profile);
        if (completed)
            RunInfo.MarkCompleted(run);
        return run.ResultsPath;
    }

    /// <summary>Sets a value in run.json (e.g. machine.kernel, git.commit); <paramref name="section"/> null = the root.</summary>
    public static void SetFact(string run, string? section, string key, string value)
    {
        var json = RunInfo.Load(run)!;
        (section is null ? json : (JsonObject)json[section]!)[key] = value;
        AtomicFile.WriteAllText(Path.Combine(run, RunInfo.FileName), json.ToJsonString());
    }

    /// <summary>throughput.csv with <paramref name="passes"/> passes. <paramref name="device"/>(pass) scales FlashBench and
    /// the reference alike (the device's drift); <paramref name="code"/>(point) scales FlashBench only (a change of the code).
    /// <paramref name="degraded"/>(pass, point): rows measured while the device was outside its steady band — marked
    /// degraded and at half the speed, as such a device reads.</summary>
    public static void WriteThroughput(string run, Func<int, double> device, Func<(string Method, int Chunk, int Threads), double>? code = null,
        bool reference = true, int passes = 1, IEnumerable<(string Method, int Chunk, int Threads, double MBps)>? grid = null,
        Func<int, (string Method, int Chunk, int Threads), bool>? degraded = null)
    {
        var rows = new List<ThroughputRow>();
        foreach (var p in grid ?? Grid)
        {
            for (int pass = 0; pass < passes; pass++)
            {
                bool outsideBand = degraded?.Invoke(pass, (p.Method, p.Chunk, p.Threads)) ?? false;
                double level = p.MBps * device(pass) * (code?.Invoke((p.Method, p.Chunk, p.Threads)) ?? 1) * (outsideBand ? 0.5 : 1);
                for (int i = 0; i < Iterations; i++)
                {
                    rows.Add(new ThroughputRow
                    {
                        Method = p.Method, ReadPath = "test", ChunkBytes = p.Chunk, Threads = p.Threads, Pass = pass, Iteration = i,
                        ThroughputMBps = level * Jitter(i + p.Chunk), Cache = "cold",
                        ReferenceMBps = reference ? p.MBps * 1.1 * device(pass) * Jitter(i + 7) : null,
                        DeviceState = outsideBand ? DeviceStates.Degraded : DeviceStates.Steady,
                    });
                }
            }
        }
        CsvFiles.Write(Path.Combine(run, ThroughputRow.FileName), rows);
    }

    /// <summary>windowing.csv: one point per window size (0 and 4), io_ms per token, <paramref name="passes"/> passes with
    /// the same token numbers; <paramref name="pass"/>(pass) scales a pass's io_ms.</summary>
    public static void WriteWindowing(string run, double ioMs, int passes = 1, Func<int, double>? pass = null)
    {
        var rows = new[] { 0, 4 }.SelectMany(w => Enumerable.Range(0, passes).SelectMany(p => Enumerable.Range(0, Iterations).Select(t => new SparseTokenRow
        {
            Experiment = "windowing", Model = "opt-6.7b", Precision = "fp16", Layout = "bundled", Manager = "slots", Window = w, Token = t, Pass = p,
            IoMs = ioMs * (1 + w / 10.0) * (pass?.Invoke(p) ?? 1) * Jitter(t), Cache = "cold",
        })));
        CsvFiles.Write(Path.Combine(run, "windowing.csv"), rows);
    }

    /// <summary>What a default-suite run holds, small: the throughput grid in <paramref name="passes"/> passes (no fio
    /// reference) and, in one pass each, windowing, micro and latency. <paramref name="code"/>(point) scales the
    /// throughput grid only; <paramref name="degraded"/> as in <see cref="WriteThroughput"/>.</summary>
    public static void WriteDefaultSuite(string run, Func<int, double> device, Func<(string Method, int Chunk, int Threads), double>? code = null,
        Func<int, (string Method, int Chunk, int Threads), bool>? degraded = null, int passes = DefaultPasses)
    {
        WriteThroughput(run, device, code, reference: false, passes: passes, degraded: degraded);
        WriteWindowing(run, ioMs: 100);
        WriteMicro(run);
        WriteTokens(run, perLayerMs: 20);
    }

    /// <summary>tokens.csv: <paramref name="layers"/> rows per token over 2 iterations; token 0 is cold and 100× slower.</summary>
    public static void WriteTokens(string run, double perLayerMs, int layers = 4, int tokens = 5)
    {
        var rows = new List<TokenRow>();
        for (int iteration = 0; iteration < 2; iteration++)
        {
            for (int token = 0; token <= tokens; token++)
            {
                for (int layer = 0; layer < layers; layer++)
                {
                    rows.Add(new TokenRow
                    {
                        Model = "opt-6.7b", Config = "all", Precision = "fp16", Iteration = iteration, Token = token, Layer = layer,
                        Phase = token == 0 ? "cold" : "steady", TotalMs = token == 0 ? perLayerMs * 100 : perLayerMs * Jitter(token + 10 * iteration),
                    });
                }
            }
        }
        CsvFiles.Write(Path.Combine(run, TokenRow.FileName), rows);
    }

    /// <summary>micro.csv: two benchmarks of the "read-path" family.</summary>
    public static void WriteMicro(string run, double nsFactor = 1, double extraBytes = 0)
    {
        var rows = new[] { ("direct 32K warm", 3000.0, 0.0), ("buffered 32K warm", 2500.0, 0.0) }
            .SelectMany(b => Enumerable.Range(0, Iterations).Select(i => new MicroBenchmarkRow
            {
                Family = "read-path", Benchmark = b.Item1, Pass = 0, Iteration = i,
                NanosecondsPerOperation = b.Item2 * nsFactor * Jitter(i), AllocatedBytesPerOperation = b.Item3 + extraBytes,
            }));
        CsvFiles.Write(Path.Combine(run, MicroBenchmarkRow.FileName), rows);
    }
}
