namespace FlashBench.Core.Throughput.Summaries;

/// <summary>One pass's figure at a point: the median of its flash iterations.</summary>
public sealed record PassFigure(int Pass, double Value, int Iterations);

/// <summary>A grid point summarised over its passes (flash iterations only: cold, not excluded).</summary>
public sealed record PointSummary(string Method, int ChunkBytes, int Threads, IReadOnlyList<PassFigure> Passes, Spread Figure)
{
    public double Median => Figure.Median;
}
