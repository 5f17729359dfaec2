using FlashBench.Core.Results;
using FlashBench.Reporting;
using FlashBench.Reporting.Charts;
using FlashBench.Reporting.Paper;

namespace FlashBench.Tests.Reporting;

public sealed class ChartHelperTests
{
    [Fact]
    public void Breakdown_chart_saves_png_and_svg()
    {
        using var temp = new TempDirectory();
        var paper = PaperTable3.Find("OPT-6.7B", "All")!.Breakdown;
        var plot = BreakdownChart.Create("OPT 6.7B per-token latency", [
            new BreakdownGroup("Naive", PaperTable3.Find("OPT-6.7B", "Naive")!.Breakdown, new LatencyBreakdown(1900, 0, 700)),
            new BreakdownGroup("All", paper, new LatencyBreakdown(120, 40, 450)),
            new BreakdownGroup("not in paper", null, new LatencyBreakdown(300, 10, 450)),
        ]);

        var files = ChartFiles.Save(plot, Path.Combine(temp.Path, "breakdown"));

        Assert.Equal(2, files.Count);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 1000));
        Assert.Contains("<svg", File.ReadAllText(files[1]));
    }

    [Fact]
    public void Chunk_axis_positions_are_log2() =>
        Assert.Equal([12.0, 15.0, 20.0], ChunkAxis.Positions([4096, 32768, 1 << 20]));
}

public sealed class ChartTextTests
{
    /// <summary>Guards against a machine without fonts, where SkiaSharp draws charts with no text at all:
    /// two plots that differ only in the glyphs of their (same-length) titles must render differently.</summary>
    [Fact]
    public void Chart_text_is_actually_drawn()
    {
        byte[] Render(string title)
        {
            var plot = ChartStyle.NewPlot(title, "x", "y");
            plot.Add.Scatter(new double[] { 1, 2, 3 }, new double[] { 1, 4, 9 });
            return plot.GetImageBytes(400, 300, ScottPlot.ImageFormat.Png);
        }

        Assert.True(SkiaSharp.SKFontManager.Default.FontFamilyCount > 0, ChartFonts.Fix);
        Assert.NotEqual(Render("AAAAAAAA"), Render("BBBBBBBB"));
    }
}

public sealed class PaperVsMeasuredChartTests
{
    [Fact]
    public void Table2_style_chart_saves_both_formats()
    {
        using var temp = new TempDirectory();
        var points = PaperTable2.Rows.Select((r, i) => new PaperVsMeasured(r.Configuration, r.IoLatencyMs, i == 0 ? null : r.IoLatencyMs * 1.3)).ToList();

        var files = ChartFiles.Save(PaperVsMeasuredChart.Create("I/O latency per token (Table 2)", "I/O latency (ms)", points), Path.Combine(temp.Path, "table2"));

        Assert.All(files, f => Assert.True(new FileInfo(f).Length > 1000));
    }
}
