using CsvHelper.Configuration.Attributes;

namespace FlashBench.Reporting.Comparison.Lockstep;

/// <summary>One row of lockstep.csv: a pair of slices of one micro benchmark, base and head back to back in the
/// order given, each the same number of calls; times and allocated bytes are per slice. A round is one pair of
/// worker processes (fresh for every round).</summary>
public sealed class SliceRow
{
    public const string FileName = "lockstep.csv";

    [Name("family")] public string Family { get; set; } = "";
    [Name("benchmark")] public string Benchmark { get; set; } = "";
    [Name("round")] public int Round { get; set; }
    [Name("slice")] public int Slice { get; set; }
    [Name("base_first")] public bool BaseFirst { get; set; }
    [Name("calls")] public long Calls { get; set; }
    [Name("operations_per_call")] public int OperationsPerCall { get; set; }
    [Name("base_ns")] public double BaseNanoseconds { get; set; }
    [Name("head_ns")] public double HeadNanoseconds { get; set; }
    [Name("base_allocated_bytes")] public double BaseAllocatedBytes { get; set; }
    [Name("head_allocated_bytes")] public double HeadAllocatedBytes { get; set; }

    public double Operations => (double)Calls * OperationsPerCall;
}
