using FlashBench.Core.Results;
using MathNet.Numerics.Statistics;

namespace FlashBench.Reporting.Throughput;

/// <summary>All iterations of one grid point (method × chunk × threads), cold and warm kept apart.</summary>
public sealed record ThroughputGroup(string Method, string ReadPath, int ChunkBytes, int Threads, bool Warm, IReadOnlyList<ThroughputRow> Rows)
{
    public double[] Throughputs => Rows.Select(r => r.ThroughputMBps).ToArray();

    public double MeanMBps => Statistics.Mean(Throughputs);

    /// <summary>Sample standard deviation over iterations; 0 for a single iteration.</summary>
    public double StdDevMBps => Rows.Count > 1 ? Statistics.StandardDeviation(Throughputs) : 0;

    public double MedianMBps => Statistics.Median(Throughputs);

    public double MedianOf(Func<ThroughputRow, double> metric) => Statistics.Median(Rows.Select(metric).ToArray());

    public static bool IsWarm(ThroughputRow row) => string.Equals(row.Cache, "warm", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<ThroughputGroup> From(IEnumerable<ThroughputRow> rows) =>
        rows.GroupBy(r => (r.Method, r.ChunkBytes, r.Threads, Warm: IsWarm(r)))
            .Select(g => new ThroughputGroup(g.Key.Method, g.First().ReadPath, g.Key.ChunkBytes, g.Key.Threads, g.Key.Warm, g.ToList()))
            .OrderBy(g => MethodOrder(g.Method)).ThenBy(g => g.Threads).ThenBy(g => g.ChunkBytes)
            .ToList();

    /// <summary>The Core's method order (direct first: it is the paper's configuration, §4.1), unknown names last.</summary>
    public static int MethodOrder(string method)
    {
        int index = Array.IndexOf(KnownMethods, method);
        return index < 0 ? KnownMethods.Length : index;
    }

    private static readonly string[] KnownMethods = ["direct", "buffered", "mmap-normal", "mmap-random", "mmap-willneed"];
}
