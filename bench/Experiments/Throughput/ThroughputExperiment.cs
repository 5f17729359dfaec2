using FlashBench.Bench.Cli;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.CrossCheck;
using FlashBench.Core.Machine;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;
using FlashBench.Reporting;
using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.Throughput;
using Spectre.Console;
using Profile = FlashBench.Bench.Cli.Profile;

namespace FlashBench.Bench.Experiments.Throughput;

/// <summary>`throughput`: random-read throughput of flash vs chunk size, threads and read method (paper §2.2, Fig. 2b),
/// with the page cache bypassed (O_DIRECT) or evicted and checked. Writes throughput.csv (one row per iteration).</summary>
public sealed class ThroughputExperiment : Experiment<ThroughputOptions>
{
    public override string Name => "throughput";

    public override string Description =>
        "Random-read throughput of flash vs chunk size and threads, page cache bypassed or evicted (paper Fig. 2b)";

    public override int Order => 10;

    public override Type RowType => typeof(ThroughputRow);

    public override string CsvFileName => ThroughputRow.FileName;

    public override Type BenchmarkType => typeof(ReadThroughputBenchmark);

    public override IReadOnlyList<IExperimentReport> Reports => [new ThroughputReport(Name)];

    public override IReadOnlyList<IComparisonDescriptor> Comparisons =>
    [
        ComparisonDescriptor.For<ThroughputRow>(Name, CsvFileName)
            // a point is (method, chunk, threads, queue depth): io_uring's depths are points of their own; depth 1 (the
            // blocking methods, and older files without queue_depth) keeps the name it had before depth was a key
            .Keys(r => r.Method, r => r.ChunkBytes, r => r.Threads)
            .KeyUnless(r => r.QueueDepth, 1)
            .Replicate(r => r.Pass)
            .Samples(r => r.Iteration)
            .Metric(r => r.ThroughputMBps, MetricDirection.HigherIsBetter)
            .Reference(r => r.ReferenceMBps)
            .ExcludeWhen(r => !r.IsFlash)
            .Family(r => $"{Name} {r.Series}")
            .Build(),
    ];

    public override ThroughputOptions Defaults(Profile profile, string dataDirectory) => ThroughputOptions.ForProfile(profile, dataDirectory);

    protected override IOptionBinder<ThroughputOptions> CreateBinder() => new ThroughputOptions.Binder();

    public override Action<ExperimentContext> Prepare(ThroughputOptions options)
    {
        options.Validate();
        if (options.FioReference && FioProcess.Version() is null)
            throw new UsageException($"--reference fio: fio is not installed; {FioProcess.InstallHint}");
        return context => Measure(options, context);
    }

    private void Measure(ThroughputOptions options, ExperimentContext context)
    {
        var file = EnsureTestFile(options);
        var methods = UsableMethods(options.Methods, file.Path);
        var storage = StorageInfo.For(file.Path);
        Console.WriteLine($"test file: {file.Path} ({Units.FormatBytes(file.Bytes)}, {(file.Reused ? "reused" : "written")}) on {storage.FileSystem} {storage.Device} [{storage.DeviceModel}]");

        if (file.Settle is { } settle)
            Console.WriteLine($"settle: {settle.Detail}");
        var points = options.Points(methods);
        var settings = new ThroughputSettings(options.IterationDuration, options.Verify, context.Seed);
        var plan = new ThroughputPlan(file, points, settings, options.Iterations, options.FioReference);
        var info = new ThroughputRunInfo
        {
            TestFile = file.Path,
            FileBytes = file.Bytes,
            FileReused = file.Reused,
            Storage = storage,
            Methods = methods.Select(m => new ThroughputRunInfo.MethodInfo(m.Name(), m.Describe())).ToList(),
            SkippedMethods = options.Methods.Except(methods).Select(m => m.Name()).ToList(),
            ChunkBytes = options.ChunkSizes,
            Threads = options.ThreadCounts,
            QueueDepths = methods.Any(m => m.HasQueueDepth()) ? options.QueueDepths : null,
            QueueThreads = methods.Any(m => m.HasQueueDepth()) ? options.QueueThreads : null,
            Passes = options.Passes,
            Iterations = options.Iterations,
            IterationSeconds = options.IterationDuration.TotalSeconds,
            MinReadsPerReader = settings.MinReadsPerReader,
            Verify = options.Verify,
            FioReference = options.FioReference,
            ColdResidencyLimit = IterationMeasurement.ColdResidencyLimit,
            Settle = file.Settle?.Detail,
            Seed = context.Seed,
        };
        context.Record(this, info);

        Console.WriteLine($"measuring {points.Count} grid points × {options.Passes} passes × {options.Iterations} iteration(s) of ≥ {options.IterationDuration.TotalSeconds:0.###} s " +
            $"and ≥ {settings.MinReadsPerReader} reads per reader, points in a fresh order each pass{(options.FioReference ? ", fio beside every direct and io_uring iteration" : "")}");
        var rows = context.Measure<ThroughputPlan, ThroughputRow>(this, plan, options.Passes, ThroughputColumn.All(plan));
        context.Record(this, info with { BytesRead = plan.ReadMap.BytesRead, RereadFraction = plan.ReadMap.RereadFraction, ReadMapCycles = plan.ReadMap.Cycle });
        Console.WriteLine($"read {Units.FormatBytes(plan.ReadMap.BytesRead)} in all; {plan.ReadMap.RereadFraction:P1} of it had been read earlier in the run (the file is {Units.FormatBytes(file.Bytes)})");
        long failures = rows.Sum(r => r.VerifyFailures);
        if (failures > 0)
            throw new InvalidDataException($"{failures} reads returned bytes that differ from the test file's content");
    }

    public override IReadOnlyList<DataFile> DataFiles(ThroughputOptions options) =>
        [DataFile.TestFile(options.DataDirectory, options.FileBytes, TestFileGenerator.DefaultSeed)];

    private static TestFile EnsureTestFile(ThroughputOptions options)
    {
        TestFile? file = null;
        string name = TestFileGenerator.FileNameFor(options.FileBytes, TestFileGenerator.DefaultSeed);
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                var task = progress.AddTask($"test file {name}", maxValue: 1.0);
                file = TestFileGenerator.Ensure(options.DataDirectory, options.FileBytes, TestFileGenerator.DefaultSeed,
                    new Progress<double>(fraction => task.Value = fraction), SettleOptions.Default);
                task.Value = 1.0;
            });
        return file!;
    }

    /// <summary>Drops, with a one-line explanation, the methods that cannot read this file here: those that bypass the
    /// page cache where the file system refuses O_DIRECT or keeps files in memory, io_uring where the kernel refuses it.</summary>
    private static List<ReadMethod> UsableMethods(IReadOnlyList<ReadMethod> requested, string path)
    {
        var (usable, skipped) = ReadMethodAvailability.Sort(requested, method => method.Availability(path));
        foreach (var skip in skipped)
            Console.WriteLine($"{skip.Method.Name()}: skipped — {skip.Reason}; the other methods are measured and labelled as such");
        if (usable.Count == 0)
            throw new InvalidOperationException("no read method can run here (" + string.Join("; ", skipped.Select(s => $"{s.Method.Name()}: {s.Reason}")) + ")");
        return [.. usable];
    }
}
