using CsvHelper.Configuration.Attributes;

namespace FlashBench.Core.Results;

/// <summary>One measured iteration of a warm micro-benchmark (BenchmarkDotNet, page cache warm or data in memory),
/// as a row of micro.csv. These show per-call costs of FlashBench's own code (a copy, an allocation) that a cold
/// flash read hides: such a regression costs about 0.1 % of a cold read.
/// <c>family</c> groups benchmarks of one subsystem ("read-path", "window", "slots", "kernel");
/// <c>benchmark</c> names one case ("direct 32K warm"); <c>pass</c> is the replicate (one BenchmarkDotNet
/// process per pass); times in nanoseconds per operation; <c>allocated_bytes_per_op</c> from BenchmarkDotNet's
/// MemoryDiagnoser; <c>gb_s</c> (10^9 bytes/s) for operations that stream data, <c>gflop_s</c> and <c>probe_fraction</c>
/// for the compute kernels.</summary>
public sealed class MicroBenchmarkRow
{
    public const string FileName = "micro.csv";

    [Name("family")] public string Family { get; set; } = "";
    [Name("benchmark")] public string Benchmark { get; set; } = "";
    [Name("pass")] public int Pass { get; set; }
    [Name("iteration")] public int Iteration { get; set; }
    [Name("ns_per_op")] public double NanosecondsPerOperation { get; set; }
    [Name("allocated_bytes_per_op")] public double AllocatedBytesPerOperation { get; set; }
    [Name("gb_s"), Optional] public double? GigabytesPerSecond { get; set; }
    /// <summary>Kernels: 10^9 floating-point operations per second (a multiply-add counts two).</summary>
    [Name("gflop_s"), Optional] public double? GigaflopsPerSecond { get; set; }
    /// <summary>Kernels: gb_s ÷ probe_gb_s (1 = at the DRAM floor).</summary>
    [Name("probe_fraction"), Optional] public double? ProbeFraction { get; set; }
    /// <summary>Kernels: the memory-bandwidth probe's read on as many threads, measured right before and right after
    /// this benchmark in this pass (their mean); the run's probe in files without per-benchmark passes.</summary>
    [Name("probe_gb_s"), Optional] public double? ProbeGbps { get; set; }
    /// <summary>Kernels: the code path that ran ("AVX-512", "AVX2", "scalar"; int8: its dot-product instruction).</summary>
    [Name("path"), Optional] public string? Path { get; set; }
}
