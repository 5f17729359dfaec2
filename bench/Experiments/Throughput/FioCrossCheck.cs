using System.Diagnostics;
using System.Globalization;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.CrossCheck;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;
using MathNet.Numerics.Statistics;

namespace FlashBench.Bench.Experiments.Throughput;

/// <summary>Runs fio at the direct-method grid points of a throughput run, on the same test file, with
/// FlashBench's direct method measured in the same A B B A rounds (so a drifting or bursting device
/// affects both alike), and writes fio.csv beside throughput.csv.</summary>
public static class FioCrossCheck
{
    public const int Rounds = 2;

    public static IReadOnlyList<FioRow> Run(RunDirectory run, TimeSpan runtime, CancellationToken cancellation)
    {
        var rows = CsvFiles.Read<ThroughputRow>(run.Result(ThroughputRow.FileName));
        var points = rows.Where(r => r.Method == ReadMethod.Direct.Name()).Select(r => (r.ChunkBytes, r.Threads)).Distinct()
            .OrderBy(p => p.Threads).ThenBy(p => p.ChunkBytes).ToList();
        if (points.Count == 0)
            throw new InvalidDataException($"{run.Result(ThroughputRow.FileName)} has no rows of the direct method to cross-check");
        var file = TestFileGenerator.Open(TestFilePath(run));
        var results = new List<FioRow>();
        foreach (var (chunk, threads) in points)
        {
            var job = new FioJob(file.Path, chunk, threads, runtime);
            var fio = new List<FioRow>();
            var flashBench = new List<double>();
            using var runner = new ThroughputRunner(file, new ThroughputPoint(ReadMethod.Direct, chunk, threads), new ThroughputSettings(runtime));
            for (int round = 0; round < Rounds; round++)
            {
                cancellation.ThrowIfCancellationRequested();
                bool fioFirst = round % 2 == 0;
                if (fioFirst)
                    fio.Add(FioJsonParser.Parse(RunFio(job), job));
                flashBench.Add(runner.MeasureOnce().ThroughputMegabytesPerSecond);
                if (!fioFirst)
                    fio.Add(FioJsonParser.Parse(RunFio(job), job));
            }
            var row = Combine(fio, flashBench);
            results.Add(row);
            CsvFiles.Write(run.Result(FioRow.FileName), results);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {Units.FormatChunk(chunk),5} x{threads,-3} fio {row.ThroughputMBps,9:0.0} MB/s   FlashBench direct {row.FlashBenchDirectMBps,9:0.0} MB/s   ratio {row.Ratio:0.000}"));
        }
        return results;
    }

    private static FioRow Combine(List<FioRow> fio, List<double> flashBench)
    {
        var first = fio[0];
        double fioMedian = fio.Select(f => f.ThroughputMBps).Median();
        double ours = flashBench.Median();
        return new FioRow
        {
            Engine = first.Engine,
            ChunkBytes = first.ChunkBytes,
            Threads = first.Threads,
            RuntimeSeconds = fio.Sum(f => f.RuntimeSeconds),
            BytesRead = fio.Sum(f => f.BytesRead),
            ThroughputMBps = fioMedian,
            Iops = fio.Select(f => f.Iops).Median(),
            MeanMicros = fio.Select(f => f.MeanMicros).Median(),
            P50Micros = fio.Select(f => f.P50Micros).Median(),
            P99Micros = fio.Select(f => f.P99Micros).Median(),
            Rounds = fio.Count,
            FlashBenchDirectMBps = ours,
            Ratio = ours / fioMedian,
            FioVersion = first.FioVersion,
        };
    }

    private static string TestFilePath(RunDirectory run)
    {
        var info = RunInfo.Section<ThroughputRunInfo>(run.ResultsPath, ExperimentCatalog.Throughput.Name)
            ?? throw new InvalidDataException($"{run.ResultsPath} has no run.json with a {ExperimentCatalog.Throughput.Name} section");
        if (!File.Exists(info.TestFile))
            throw new FileNotFoundException($"the run's test file is gone ({info.TestFile}); rerun the throughput experiment");
        return info.TestFile;
    }

    private static string RunFio(FioJob job)
    {
        var start = new ProcessStartInfo("fio") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in job.Arguments())
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("fio did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new FileNotFoundException("fio is not installed: run scripts/fio-crosscheck.sh, which installs it (apt-get install fio)");
        }
        using (process)
        {
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"fio failed (exit {process.ExitCode}): {error.Result.Split('\n')[0]}");
            return output;
        }
    }
}
