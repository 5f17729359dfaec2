using System.Globalization;
using System.Text;
using FlashBench.Core.Results;
using FlashBench.Reporting.Charts;
using FlashBench.Reporting.Markdown;
using MathNet.Numerics.Statistics;
using ScottPlot;

namespace FlashBench.Reporting.Micro;

/// <summary>micro.csv → the per-call cost of FlashBench's own code (warm, BenchmarkDotNet statistics): a table of median
/// ns per operation with the iterations' interquartile range, allocated bytes and GB/s, and a chart on a log scale.</summary>
public sealed class MicroReport(string csvFileName) : IExperimentReport
{
    public bool HasData(RunDirectory run) => File.Exists(run.Result(csvFileName));

    public ReportSection Build(RunDirectory run)
    {
        var rows = CsvFiles.Read<MicroBenchmarkRow>(run.Result(csvFileName));
        var benchmarks = rows.GroupBy(r => (r.Family, r.Benchmark)).Select(g => new
        {
            g.Key.Family,
            g.Key.Benchmark,
            Median = g.Select(r => r.NanosecondsPerOperation).Median(),
            Q1 = g.Select(r => r.NanosecondsPerOperation).LowerQuartile(),
            Q3 = g.Select(r => r.NanosecondsPerOperation).UpperQuartile(),
            Allocated = g.Max(r => r.AllocatedBytesPerOperation),
            GBps = g.All(r => r.GigabytesPerSecond is not null) ? g.Select(r => r.GigabytesPerSecond!.Value).Median() : (double?)null,
            Gflops = g.All(r => r.GigaflopsPerSecond is not null) ? g.Select(r => r.GigaflopsPerSecond!.Value).Median() : (double?)null,
            Probe = g.All(r => r.ProbeFraction is not null) ? g.Select(r => r.ProbeFraction!.Value).Median() : (double?)null,
            Samples = g.Count(),
            Path = string.Join("/", g.Select(r => r.Path).OfType<string>().Distinct(StringComparer.Ordinal)),
        }).OrderBy(b => b.Family, StringComparer.Ordinal).ThenBy(b => b.Benchmark, StringComparer.Ordinal).ToList();

        var table = new MarkdownTable("family", "benchmark", "ns / op", "IQR (ns)", "allocated B / op", "GB/s", "GFLOP/s", "÷ probe", "path", "samples").AlignRight(2, 3, 4, 5, 6, 7, 9);
        foreach (var b in benchmarks)
        {
            table.AddRow(b.Family, b.Benchmark, MarkdownText.Number(b.Median, 1), $"{MarkdownText.Number(b.Q1, 1)}–{MarkdownText.Number(b.Q3, 1)}",
                MarkdownText.Number(b.Allocated, 0), b.GBps is { } gbps ? MarkdownText.Number(gbps, 2) : "",
                b.Gflops is { } gflops ? MarkdownText.Number(gflops, 1) : "", b.Probe is { } probe ? MarkdownText.Number(probe, 2) : "", b.Path,
                b.Samples.ToString(CultureInfo.InvariantCulture));
        }

        var plot = ChartStyle.NewPlot("Per-operation cost of FlashBench's own code (warm)", "", "ns per operation (log scale)");
        var positions = benchmarks.Select((_, i) => (double)i).ToArray();
        double min = benchmarks.Min(b => b.Median), max = benchmarks.Max(b => b.Median);
        plot.Add.Bars(benchmarks.Select((b, i) => new Bar
        {
            Position = i, ValueBase = LogValueAxis.Position(min) - 0.1, Value = LogValueAxis.Position(b.Median), FillColor = ChartStyle.SeriesColor(i),
            Label = MarkdownText.Number(b.Median, 0),
        }).ToList());
        plot.Axes.Bottom.SetTicks(positions, benchmarks.Select(b => $"{b.Family}\n{b.Benchmark}").ToArray());
        LogValueAxis.ApplyLeft(plot, min, max);
        var files = ChartFiles.Save(plot, run.Plot("micro"));

        var md = new StringBuilder();
        md.AppendLine("BenchmarkDotNet with its own statistics (pilot, warm-up, fixed iterations, MemoryDiagnoser), in-process, data in memory: "
            + "what one operation of FlashBench's own code costs when no device is involved. `compare` gates on the time (warm family) and on the allocated bytes (any increase). "
            + "Kernels: a matrix-vector product on realistic fp16 weights (int8: quantized from them) of the size named, one thread or all; '÷ probe' divides their GB/s by what a streaming read of memory (the probe's) reached on as many threads right before and after the benchmark in the same pass (1 is the DRAM floor; a matrix that fits a cache can exceed it).")
          .AppendLine()
          .Append(table).AppendLine()
          .AppendLine(MarkdownText.Chart("micro-benchmarks", run.ResultsPath, files));
        return new ReportSection("Micro-benchmarks (warm, per call)", md.ToString(), files, Tables: new Dictionary<string, string> { ["micro"] = table.ToString() });
    }
}
