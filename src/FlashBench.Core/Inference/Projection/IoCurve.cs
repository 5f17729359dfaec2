using MathNet.Numerics.Statistics;

namespace FlashBench.Core.Inference.Projection;

/// <summary>Measured flash → DRAM throughput as a function of read size, interpolated linearly in log(size) between
/// measured sizes and held flat outside them. Several points at one size (passes, or thread counts) are combined
/// by <see cref="Aggregate"/>: the median of passes at one thread count (<see cref="Median"/>, what the projection
/// should use), or the best thread count per size (the constructor, as earlier runs did).</summary>
public sealed class IoCurve
{
    private readonly (double LogBytes, double Gbps)[] _points;

    /// <summary>Best of the given points per size (e.g. the best thread count per chunk size).</summary>
    public IoCurve(IEnumerable<(long ChunkBytes, double Gbps)> points, string source)
        : this(points, source, Aggregate.Max)
    {
    }

    private IoCurve(IEnumerable<(long ChunkBytes, double Gbps)> points, string source, Aggregate aggregate)
    {
        _points = points.Where(p => p.ChunkBytes > 0 && p.Gbps > 0)
            .GroupBy(p => p.ChunkBytes)
            .Select(g => (Math.Log(g.Key), aggregate == Aggregate.Max ? g.Max(p => p.Gbps) : g.Select(p => p.Gbps).Median()))
            .OrderBy(p => p.Item1)
            .ToArray();
        if (_points.Length == 0)
            throw new ArgumentException("an I/O curve needs at least one measured point");
        Source = source;
        Combined = aggregate;
    }

    public enum Aggregate
    {
        Max,
        Median,
    }

    /// <summary>The median of the points at each size: give the passes of ONE thread count, the loaders' (32).</summary>
    public static IoCurve Median(IEnumerable<(long ChunkBytes, double Gbps)> points, int threads, string source) =>
        new(points, $"{source} (median per chunk size, {threads} threads)", Aggregate.Median);

    public string Source { get; }

    public Aggregate Combined { get; }

    public IReadOnlyList<(long ChunkBytes, double Gbps)> Points => _points.Select(p => ((long)Math.Round(Math.Exp(p.LogBytes)), p.Gbps)).ToList();

    public double ThroughputGbps(long chunkBytes)
    {
        double x = Math.Log(Math.Max(1, chunkBytes));
        if (x <= _points[0].LogBytes)
            return _points[0].Gbps;
        if (x >= _points[^1].LogBytes)
            return _points[^1].Gbps;
        int i = 1;
        while (_points[i].LogBytes < x)
            i++;
        var (x0, y0) = _points[i - 1];
        var (x1, y1) = _points[i];
        return y0 + (y1 - y0) * (x - x0) / (x1 - x0);
    }
}
