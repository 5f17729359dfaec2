using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace FlashBench.Bench.Hosting;

/// <summary>The BenchmarkDotNet job for cold-cache I/O "macro" benchmarks. Each invocation reads for
/// ≥ 100 ms after an [IterationSetup] that evicts the page cache, so: RunStrategy.Monitoring,
/// one invocation per iteration, no unrolling (BDN forces the last two with IterationSetup anyway).
/// In-process, because per-iteration facts (bytes, latencies, residency) must reach FlashBench's own
/// CSV, and a child process would not hand them back.</summary>
public static class ColdIoConfig
{
    public static ManualConfig Create(string artifactsPath, int iterations, int warmups, IReadOnlyList<string> caseOrder, bool echoToConsole = false)
    {
        var job = Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(2), logOutput: echoToConsole))
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(warmups)
            .WithIterationCount(iterations)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("cold-io");
        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(echoToConsole ? ConsoleLogger.Default : NullLogger.Instance)
            .AddExporter(JsonExporter.Full, CsvExporter.Default, MarkdownExporter.GitHub)
            .WithOrderer(new CaseOrderer(caseOrder))
            .WithArtifactsPath(artifactsPath)
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
    }

    public static string BenchmarkDotNetVersion =>
        typeof(BenchmarkDotNet.Running.BenchmarkRunner).Assembly.GetName().Version?.ToString() ?? "unknown";
}
