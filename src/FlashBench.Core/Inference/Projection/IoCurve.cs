namespace FlashBench.Core.Inference.Projection;

/// <summary>Measured flash → DRAM throughput as a function of read size (the best thread count per size),
/// interpolated linearly in log(size) between measured sizes and held flat outside them.</summary>
public sealed class IoCurve
{
    private readonly (double LogBytes, double Gbps)[] _points;

    public IoCurve(IEnumerable<(long ChunkBytes, double Gbps)> points, string source)
    {
        _points = points.Where(p => p.ChunkBytes > 0 && p.Gbps > 0)
            .GroupBy(p => p.ChunkBytes)
            .Select(g => (Math.Log(g.Key), g.Max(p => p.Gbps)))
            .OrderBy(p => p.Item1)
            .ToArray();
        if (_points.Length == 0)
            throw new ArgumentException("an I/O curve needs at least one measured point");
        Source = source;
    }

    public string Source { get; }

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
