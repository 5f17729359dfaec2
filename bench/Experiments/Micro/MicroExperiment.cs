using System.CommandLine;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters.Json;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FlashBench.Bench.Cli;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Machine;
using FlashBench.Core.Results;
using FlashBench.Reporting;
using FlashBench.Reporting.Comparison;
using FlashBench.Reporting.Micro;

namespace FlashBench.Bench.Experiments.Micro;

/// <summary>`micro`: warm micro-benchmarks of FlashBench's own per-call code — the read loop of each pread path on a file in
/// memory, the §3.1 window bookkeeping, the §3.3 slot manager, the compute kernels against the memory-bandwidth probe —
/// with BenchmarkDotNet's ordinary statistics (pilot,
/// warm-up, many iterations, MemoryDiagnoser). A cold flash read hides a per-read regression (an allocation, a copy costs
/// ~0.1 % of it); here it shows, and `compare` gates on time and on allocated bytes per call.</summary>
public sealed class MicroExperiment : Experiment<MicroOptions>
{
    public override string Name => "micro";

    public override string Description => "Warm micro-benchmarks of the read loop, window bookkeeping, slot manager and compute kernels (BenchmarkDotNet statistics)";

    public override int Order => 25;

    public override Type RowType => typeof(MicroBenchmarkRow);

    public override string CsvFileName => MicroBenchmarkRow.FileName;

    public override Type BenchmarkType => typeof(MicroBenchmark);

    public override IReadOnlyList<IExperimentReport> Reports => [new MicroReport(CsvFileName)];

    public override IReadOnlyList<IComparisonDescriptor> Comparisons =>
    [
        Descriptor().Metric(r => r.NanosecondsPerOperation, MetricDirection.LowerIsBetter, MetricKind.Warm).Build(),
        // Allocations are deterministic: one more object per call shows in every round even when its time hides in the
        // noise. Tolerance: half the smallest .NET object on 64-bit (24 bytes), so a single allocation counts.
        Descriptor().CountedMetric(r => r.AllocatedBytesPerOperation, MetricDirection.LowerIsBetter, tolerance: 12).Build(),
    ];

    private ComparisonDescriptorBuilder<MicroBenchmarkRow> Descriptor() =>
        ComparisonDescriptor.For<MicroBenchmarkRow>(Name, CsvFileName)
            .Keys(r => r.Family, r => r.Benchmark)
            .Replicate(r => r.Pass)
            .Samples(r => r.Iteration)
            .Family(r => $"{Name} {r.Family}");

    /// <summary>Kernels on an L2-sized matrix (1 MiB: compute-bound) and a 256 MiB one (the DRAM size the targets name),
    /// one thread and all; the full profile adds 1 GiB, which reads from DRAM for sure on a machine whose last-level
    /// cache is 300 MiB (building it takes most of a minute, which the default suite's 15 minutes cannot spare).</summary>
    public override MicroOptions Defaults(Profile profile, string dataDirectory) => new()
    {
        Iterations = profile == Profile.Quick ? 8 : 10,
        Passes = 1,
        KernelBytes = profile == Profile.Full ? [1L << 20, 256L << 20, 1L << 30] : [1L << 20, 256L << 20],
        KernelOnOneThread = profile != Profile.Quick,
        ProbeRepetitions = profile == Profile.Quick ? 2 : MemoryBandwidthProbe.DefaultRepetitions,
        MemoryDirectory = Directory.Exists(MicroOptions.SharedMemory) ? Path.Combine(MicroOptions.SharedMemory, "flashbench-micro") : Path.Combine(dataDirectory, "micro"),
    };

    protected override IOptionBinder<MicroOptions> CreateBinder() => new MicroOptions.Binder();

    public override Action<ExperimentContext> Prepare(MicroOptions options)
    {
        options.Validate();
        return context =>
        {
            var probe = MemoryBandwidthProbe.Measure(options.ProbeRepetitions);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"memory bandwidth: {probe.OneCoreGbps:0.0} GB/s on one core, {probe.AllCoresGbps:0.0} GB/s on {probe.Threads} ({probe.Method})"));
            var cases = MicroCases.Prepare(options);
            foreach (string skipped in cases.Skipped)
                Console.WriteLine($"micro: {skipped}");
            using var bandwidth = new MemoryBandwidthMonitor(probe.BufferBytes);
            var plan = new MicroPlan(cases, options, probe, bandwidth);
            context.Record(this, new
            {
                memory_directory = options.MemoryDirectory,
                memory_bandwidth = probe,
                simd = SimdWidths.Describe(),
                iterations = options.Iterations,
                passes = options.Passes,
                cases = cases.All.Select(c => new { family = c.Family, benchmark = c.Name, operations_per_call = c.OperationsPerCall, what = c.Description }),
                skipped = cases.Skipped,
            });
            Console.WriteLine($"micro: {cases.All.Count} benchmarks × {options.Passes} pass(es) × {options.Iterations} iterations, in memory under {options.MemoryDirectory}");
            try
            {
                context.Measure<MicroPlan, MicroBenchmarkRow>(this, plan, options.Passes);
            }
            finally
            {
                cases.Dispose();
            }
            foreach (var row in plan.Rows().GroupBy(r => (r.Family, r.Benchmark)))
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {row.Key.Family,-10} {row.Key.Benchmark,-26} {row.Select(r => r.NanosecondsPerOperation).Order().ElementAt(row.Count() / 2),12:0.0} ns/op  {row.First().AllocatedBytesPerOperation,8:0.#} B/op"));
        };
    }
}

/// <summary>The design of a micro run: iterations per pass (BenchmarkDotNet's IterationCount), passes, and the folder in memory
/// (tmpfs) where the read loop's file lives, so the reads never reach a device.</summary>
public sealed record MicroOptions
{
    public const string SharedMemory = "/dev/shm";

    public required int Iterations { get; init; }
    public required int Passes { get; init; }
    public required string MemoryDirectory { get; init; }
    /// <summary>Weight bytes of the kernels' matrices.</summary>
    public required IReadOnlyList<long> KernelBytes { get; init; }
    /// <summary>Also run each kernel on one thread (always on all cores).</summary>
    public required bool KernelOnOneThread { get; init; }
    public required int ProbeRepetitions { get; init; }

    public void Validate()
    {
        if (Iterations is < 3 or > 1000)
            throw new UsageException($"--iterations: {Iterations} is not from 3 to 1000");
        if (Passes is < 1 or > 100)
            throw new UsageException($"--passes: {Passes} is not from 1 to 100");
    }

    public sealed class Binder : IOptionBinder<MicroOptions>
    {
        private readonly Option<int?> _iterations = new("--iterations") { Description = "BenchmarkDotNet iterations per benchmark and pass (default 8 quick, 15 otherwise)" };
        private readonly Option<int?> _passes = new("--passes") { Description = "Passes over the benchmarks, each in a fresh shuffled order (default 1)" };
        private readonly Option<string?> _memory = new("--memory-dir") { Description = "Folder in memory for the read loop's file (default /dev/shm/flashbench-micro)" };

        public IEnumerable<Option> Options => [_iterations, _passes, _memory];

        public MicroOptions Apply(MicroOptions options, ParseResult parse) => options with
        {
            Iterations = parse.GetValue(_iterations) ?? options.Iterations,
            Passes = parse.GetValue(_passes) ?? options.Passes,
            MemoryDirectory = parse.GetValue(_memory) ?? options.MemoryDirectory,
        };
    }
}

/// <summary>The micro benchmarks of one run, handed to <see cref="MicroBenchmark"/>; rows come from BenchmarkDotNet's own
/// measurements (per call of the benchmark method, divided by the operations one call performs).</summary>
public sealed class MicroPlan(MicroCases cases, MicroOptions options, MemoryBandwidth probe, MemoryBandwidthMonitor bandwidth) : BenchmarkPlan<MicroBenchmarkRow>
{
    /// <summary>The probe's buffer, read right before and after each kernel benchmark: its control.</summary>
    public MemoryBandwidthMonitor Bandwidth { get; } = bandwidth;

    private readonly List<MicroBenchmarkRow> _rows = [];

    public MicroCases Cases { get; } = cases;
    public override int Iterations => options.Iterations;
    public override int Warmups => 3;
    public override IReadOnlyList<string> CaseKeys { get; } = cases.All.Select(c => c.Key).ToList();

    public override IReadOnlyList<MicroBenchmarkRow> Rows() => _rows;

    public override string Summary(string caseKey) => $"{caseKey}: measured";

    /// <summary>Warm benchmarks: their reads are served by the page cache and DRAM, never by the device.</summary>
    public override bool WatchesDevice => false;

    public override void Discard(int pass, string caseKey) =>
        throw new NotSupportedException("micro benchmarks are not watched, so never measured again");

    public override ManualConfig Config(string artifactsPath, IReadOnlyList<string> caseOrder)
    {
        var job = Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: false))
            .WithLaunchCount(1)
            .WithWarmupCount(Warmups)
            .WithIterationCount(Iterations)
            .WithIterationTime(TimeInterval.FromMilliseconds(100))
            .WithId("warm");
        return ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(BenchmarkDotNet.Columns.DefaultColumnProviders.Instance)
            .AddLogger(NullLogger.Instance)
            .AddExporter(JsonExporter.Full)
            .WithOrderer(new CaseOrderer(caseOrder))
            .WithArtifactsPath(artifactsPath)
            .WithOptions(ConfigOptions.DisableLogFile | ConfigOptions.JoinSummary);
    }

    public override void SessionFinished(int pass, Summary summary)
    {
        foreach (var report in summary.Reports)
        {
            var microCase = Cases.Find(CaseOrderer.KeyOf(report.BenchmarkCase));
            double allocated = (report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase) ?? 0) / (double)microCase.OperationsPerCall;
            var actual = report.AllMeasurements.Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual).ToList();
            var kernel = microCase as KernelCase;
            double? ceiling = kernel is null ? null : kernel.BandwidthGbps ?? probe.CeilingGbps(kernel.Threads);
            for (int i = 0; i < actual.Count; i++)
            {
                double nanoseconds = actual[i].GetAverageTime().Nanoseconds / microCase.OperationsPerCall;
                double? gbps = microCase.BytesPerOperation is { } bytes ? bytes / nanoseconds : null;
                _rows.Add(new MicroBenchmarkRow
                {
                    Family = microCase.Family,
                    Benchmark = microCase.Name,
                    Pass = pass,
                    Iteration = i,
                    NanosecondsPerOperation = nanoseconds,
                    AllocatedBytesPerOperation = allocated,
                    GigabytesPerSecond = gbps,
                    GigaflopsPerSecond = kernel is null ? null : kernel.FlopsPerOperation / nanoseconds,
                    ProbeFraction = ceiling is null || gbps is null ? null : gbps.Value / ceiling.Value,
                    ProbeGbps = ceiling,
                    Path = kernel?.Path,
                });
            }
        }
    }
}
