using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace FlashBench.Bench.Hosting;

/// <summary>Runs one benchmark class and turns BenchmarkDotNet's failures into one-line exceptions.</summary>
public static class BenchmarkSession
{
    public static Summary Run(Type benchmarkType, IConfig config)
    {
        var summary = BenchmarkRunner.Run(benchmarkType, config);
        var validation = summary.ValidationErrors.FirstOrDefault(e => e.IsCritical);
        if (validation is not null)
            throw new InvalidOperationException($"BenchmarkDotNet refused {benchmarkType.Name}: {validation.Message}");
        var failed = summary.Reports.FirstOrDefault(r => !r.Success);
        if (failed is not null)
            throw new InvalidOperationException($"benchmark case {failed.BenchmarkCase.DisplayInfo} failed (see the BenchmarkDotNet log in {summary.ResultsDirectoryPath})");
        return summary;
    }
}
