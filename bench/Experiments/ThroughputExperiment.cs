using System.Globalization;
using FlashBench.Bench.Benchmarks;
using FlashBench.Core;
using FlashBench.Core.Machine;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;
using Spectre.Console;

namespace FlashBench.Bench.Experiments;

/// <summary>Runs the read-throughput grid (paper Fig. 2b) with BenchmarkDotNet and writes throughput.csv
/// (rewritten after every grid point, so an interrupted run keeps what it measured), run.json and BDN's exports.</summary>
public static class ThroughputExperiment
{
    public static IReadOnlyList<IterationMeasurement> Run(ThroughputOptions options, RunDirectory run, CancellationToken cancellation)
    {
        var file = EnsureTestFile(options);
        var methods = UsableMethods(options.Methods, file.Path);
        var storage = StorageInfo.For(file.Path);
        Console.WriteLine($"test file: {file.Path} ({Units.FormatBytes(file.Bytes)}, {(file.Reused ? "reused" : "written")}) on {storage.FileSystem} {storage.Device} [{storage.DeviceModel}]");

        string csvPath = run.Result(ThroughputRow.FileName);
        ThroughputPlan? plan = null;
        plan = new ThroughputPlan(file, methods, options.ChunkSizes, options.ThreadCounts,
            new ThroughputSettings(options.IterationDuration, options.Verify), options.Iterations,
            point =>
            {
                var measured = plan!.MeasuredIterations();
                CsvFiles.Write(csvPath, measured.Select(ThroughputRow.From));
                PrintPoint(point, measured.Where(m => m.Point == point).ToList());
                cancellation.ThrowIfCancellationRequested();
            });

        RunInfo.Record(run, "throughput", new
        {
            profile = options.Profile.ToString().ToLowerInvariant(),
            test_file = file.Path,
            file_bytes = file.Bytes,
            file_reused = file.Reused,
            storage,
            methods = methods.Select(m => new { name = m.Name(), read_path = m.Describe() }),
            skipped_methods = options.Methods.Except(methods).Select(m => m.Name()),
            chunk_bytes = options.ChunkSizes,
            threads = options.ThreadCounts,
            iterations = options.Iterations,
            warmups = options.Warmups,
            iteration_seconds = options.IterationDuration.TotalSeconds,
            verify = options.Verify,
            cold_residency_limit = IterationMeasurement.ColdResidencyLimit,
        }, ColdIoConfig.BenchmarkDotNetVersion, options.Profile.ToString().ToLowerInvariant());

        int points = methods.Count * options.ChunkSizes.Count * options.ThreadCounts.Count;
        Console.WriteLine($"measuring {points} grid points × {options.Iterations} iterations of {options.IterationDuration.TotalMilliseconds:0} ms (+{options.Warmups} warm-up)");
        ReadThroughputBenchmark.Plan = plan;
        try
        {
            var config = ColdIoConfig.Create(Path.Combine(run.ResultsPath, "bdn"), options.Iterations, options.Warmups)
                .AddColumn(ThroughputColumn.All(plan));
            BenchmarkSession.Run(typeof(ReadThroughputBenchmark), config);
        }
        finally
        {
            ReadThroughputBenchmark.Plan = null;
        }
        var all = plan.MeasuredIterations();
        CsvFiles.Write(csvPath, all.Select(ThroughputRow.From));
        long failures = all.Sum(m => m.VerifyFailures);
        if (failures > 0)
            throw new InvalidDataException($"{failures} reads returned bytes that differ from the test file's content");
        return all;
    }

    private static TestFile EnsureTestFile(ThroughputOptions options)
    {
        TestFile? file = null;
        string name = TestFileGenerator.FileNameFor(options.FileBytes, TestFileGenerator.DefaultSeed);
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask($"test file {name}", maxValue: 1.0);
                file = TestFileGenerator.Ensure(options.DataDirectory, options.FileBytes, TestFileGenerator.DefaultSeed,
                    new Progress<double>(fraction => task.Value = fraction));
                task.Value = 1.0;
            });
        return file!;
    }

    /// <summary>Drops `direct` with a one-line explanation where the file system refuses O_DIRECT.</summary>
    private static List<ReadMethod> UsableMethods(IReadOnlyList<ReadMethod> requested, string path)
    {
        var methods = requested.ToList();
        if (methods.Contains(ReadMethod.Direct))
        {
            var probe = DirectIoProbe.Check(path);
            if (!probe.Supported)
            {
                Console.WriteLine($"direct: skipped — {probe.Detail}; the other methods go through the page cache and are labelled as such");
                methods.Remove(ReadMethod.Direct);
            }
        }
        if (methods.Count == 0)
            throw new InvalidOperationException("no read method can run on this file system (O_DIRECT refused and no other method requested)");
        return methods;
    }

    private static void PrintPoint(ThroughputPoint point, IReadOnlyList<IterationMeasurement> measured)
    {
        if (measured.Count == 0)
            return;
        var throughput = measured.Select(m => m.ThroughputMegabytesPerSecond).Order().ToList();
        double median = throughput[throughput.Count / 2];
        double p50 = measured.Select(m => m.Latency.P50Micros).Order().ElementAt(measured.Count / 2);
        string cache = measured.All(m => m.Cache == CacheState.Cold) ? "cold" : "WARM (page cache, not flash)";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {point.Method.Name(),-14} {Units.FormatChunk(point.ChunkBytes),5} x{point.Threads,-3} {median,9:0.0} MB/s  p50 {p50,8:0.0} µs  {cache}"));
    }
}
