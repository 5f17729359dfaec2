using System.Globalization;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.CrossCheck;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;
using FlashBench.Core.Throughput.Offsets;
using FlashBench.Core.Throughput.Summaries;

namespace FlashBench.Bench.Experiments.Throughput;

/// <summary>The fio cross-check of a throughput run: at every point of its direct and io_uring grids, fio (psync, or
/// io_uring at the same depth with fixedbufs and registerfiles; direct=1, randread, fresh offsets), FlashBench's method
/// and a second fio (the control) in rounds on the same test file, the order
/// rotating from round to round (<see cref="PairedPoint"/>). fio.csv keeps every round; a point is "ok" when
/// FlashBench ÷ fio lies inside the fio ÷ fio band of the same rounds (<see cref="FioPointCheck"/>).</summary>
public static class FioCrossCheck
{
    public static IReadOnlyList<FioRow> Run(RunDirectory run, int rounds, TimeSpan runtime, CancellationToken cancellation)
    {
        var rows = CsvFiles.Read<ThroughputRow>(run.Result(ThroughputRow.FileName));
        var mirrored = rows.Where(r => ReadMethods.TryParse(r.Method, out var m) && FioJob.Mirrors(m) && r.IsFlash).ToList();
        var points = mirrored.Select(r => new ThroughputPoint(ReadMethods.TryParse(r.Method, out var m) ? m : default, r.ChunkBytes, r.Threads, r.QueueDepth))
            .Distinct().OrderBy(p => p.Method).ThenBy(p => p.QueueDepth).ThenBy(p => p.Threads).ThenBy(p => p.ChunkBytes).ToList();
        if (points.Count == 0)
            throw new InvalidDataException($"{run.Result(ThroughputRow.FileName)} has no cold rows of the direct or io_uring method to cross-check");
        var info = RunInfo.Section<ThroughputRunInfo>(run.ResultsPath, ExperimentCatalog.Throughput.Name)
            ?? throw new InvalidDataException($"{run.ResultsPath} has no run.json with a {ExperimentCatalog.Throughput.Name} section");
        if (!File.Exists(info.TestFile))
            throw new FileNotFoundException($"the run's test file is gone ({info.TestFile}); rerun the throughput experiment");
        var file = TestFileGenerator.Open(info.TestFile);
        var grid = PointSummaries.Of(mirrored).ToDictionary(p => (p.Method, p.ChunkBytes, p.Threads), p => p.Median);
        var map = new RunReadMap(file.Bytes, points.Select(p => p.ChunkBytes).Distinct());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fio cross-check: {points.Count} points × {rounds} rounds × (fio, FlashBench, fio) of {runtime.TotalSeconds:0.#} s on {file.Path}"));

        var results = new List<FioRow>();
        foreach (var point in points)
        {
            var (chunk, threads) = (point.ChunkBytes, point.Threads);
            using var paired = new PairedPoint(file, point, runtime, StableHash.Combine(info.Seed, (ulong)PairedPoint.StreamPass, (ulong)point.QueueDepth), map);
            for (int round = 0; round < rounds; round++)
            {
                cancellation.ThrowIfCancellationRequested();
                results.Add(paired.RunRound(round, rounds, cancellation));
                CsvFiles.Write(run.Result(FioRow.FileName), results);
            }
            var check = FioPointCheck.From(results.Where(r => r.Series == ThroughputRow.SeriesName(point.Method.Name(), point.QueueDepth) && r.ChunkBytes == chunk && r.Threads == threads),
                (series, c, t) => grid.TryGetValue((series, c, t), out double median) ? median : null).Single();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {check.Series,-14} {Units.FormatChunk(chunk),5} x{threads,-3} fio {check.FioMedianMBps,8:0.0}  FlashBench {check.FlashBenchMedianMBps,8:0.0} MB/s  ratio {check.Ratio:0.000}  fio÷fio band {check.BandLow:0.000}–{check.BandHigh:0.000}  {check.Verdict}{(check.GridAboveFio ? "  GRID ABOVE FIO" : "")}"));
        }
        return results;
    }
}
