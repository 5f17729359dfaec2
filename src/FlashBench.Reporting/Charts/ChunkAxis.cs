using FlashBench.Core;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace FlashBench.Reporting.Charts;

/// <summary>Chunk-size axis on a log2 scale. ScottPlot 5 has no log axis, so data are plotted as
/// log2(bytes) and the ticks are labelled with the sizes themselves (4K, 8K, …, 1M).</summary>
public static class ChunkAxis
{
    public const string Label = "chunk size (bytes, log2 scale)";

    public static double Position(long chunkBytes) => Math.Log2(chunkBytes);

    public static double[] Positions(IEnumerable<long> chunkBytes) => chunkBytes.Select(Position).ToArray();

    /// <summary>One labelled tick per power of two from the smallest to the largest chunk present
    /// (plus any non-power-of-two size present), so the scale reads like Fig. 2b.</summary>
    public static void Apply(Plot plot, IEnumerable<long> chunkBytes, Edge edge = Edge.Bottom)
    {
        var sizes = chunkBytes.Where(b => b > 0).Distinct().Order().ToList();
        if (sizes.Count == 0)
            return;
        var ticks = new NumericManual();
        var labelled = new SortedSet<long>(sizes);
        for (long b = 1L << (int)Math.Floor(Math.Log2(sizes[0])); b <= sizes[^1]; b <<= 1)
            labelled.Add(b);
        foreach (long bytes in labelled.Where(b => b >= sizes[0] / 2))
            ticks.AddMajor(Position(bytes), Units.FormatChunk(bytes));
        var axis = edge == Edge.Bottom ? (IAxis)plot.Axes.Bottom : plot.Axes.Left;
        axis.TickGenerator = ticks;
        double low = Position(sizes[0]) - 0.4;
        double high = Position(sizes[^1]) + 0.4;
        if (edge == Edge.Bottom)
            plot.Axes.SetLimitsX(low, high);
        else
            plot.Axes.SetLimitsY(low, high);
    }
}
