using FlashBench.Core;
using FlashBench.Core.Storage;
using Spectre.Console;

namespace FlashBench.Bench.Hosting;

/// <summary>A data file an experiment reads: where, how large, whether a valid copy is there already, and how to write
/// it. The host writes every missing one before anything is measured, so no measurement runs while the device is still
/// absorbing a large write.</summary>
public sealed record DataFile(string Path, long Bytes, bool Present, Action<IProgress<double>> Write)
{
    /// <summary>Refuses (one line, exit 2) when the missing files do not fit the data folder's file system: checked
    /// before the run folder exists, so nothing is written.</summary>
    public static void CheckRoom(string dataDirectory, IReadOnlyList<DataFile> files)
    {
        long missing = files.Where(f => !f.Present).Sum(f => f.Bytes);
        if (missing == 0)
            return;
        string existing = Directory.Exists(dataDirectory) ? dataDirectory : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(dataDirectory))!;
        try
        {
            DiskSpace.EnsureRoomFor(existing, missing, $"{files.Count(f => !f.Present)} data file(s) of {Units.FormatBytes(missing)}");
        }
        catch (InsufficientSpaceException e)
        {
            throw new Cli.UsageException(e.Message);
        }
    }

    /// <summary>Writes every missing file (with progress), in order; the files present are reused. Returns what was written
    /// and how long it took, for run.json.</summary>
    public static DataWritten WriteMissing(IReadOnlyList<DataFile> files)
    {
        var missing = files.Where(f => !f.Present).DistinctBy(f => f.Path).ToList();
        int present = files.DistinctBy(f => f.Path).Count() - missing.Count;
        if (missing.Count == 0)
        {
            Console.WriteLine($"data: {present} file(s) present, nothing to write");
            return new DataWritten(present, 0, 0, 0);
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Console.WriteLine($"data: writing {missing.Count} file(s), {Units.FormatBytes(missing.Sum(f => f.Bytes))}, before anything is measured");
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(progress =>
            {
                foreach (var file in missing)
                {
                    var task = progress.AddTask(System.IO.Path.GetFileName(file.Path), maxValue: 1.0);
                    file.Write(new Progress<double>(fraction => task.Value = fraction));
                    task.Value = 1.0;
                }
            });
        return new DataWritten(present, missing.Count, missing.Sum(f => f.Bytes), clock.Elapsed.TotalSeconds);
    }

    /// <summary>An FFN weight file of one shape, precision and layout.</summary>
    public static DataFile Weights(string dataDirectory, Core.Models.ModelShape shape, Core.Models.Precision precision, Core.Weights.WeightLayout layout,
        ulong seed = Core.Weights.WeightFileGenerator.DefaultSeed)
    {
        var format = new Core.Weights.WeightFileFormat(shape, precision, layout);
        string path = Core.Weights.WeightFileGenerator.PathFor(dataDirectory, format, seed);
        return new DataFile(path, format.FileBytes, Core.Weights.WeightFileGenerator.IsValid(path, format, seed),
            progress => Core.Weights.WeightFileGenerator.Ensure(dataDirectory, shape, precision, layout, seed, progress));
    }

    /// <summary>A FlashBench test file (the throughput experiment's, the device probe's).</summary>
    public static DataFile TestFile(string dataDirectory, long bytes, ulong seed)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetFullPath(dataDirectory), TestFileGenerator.FileNameFor(bytes, seed));
        return new DataFile(path, bytes, TestFileGenerator.IsValid(path, new TestFileHeader(bytes, seed)),
            progress => TestFileGenerator.Ensure(dataDirectory, bytes, seed, progress));
    }
}

/// <summary>The data files of a run: how many were there already, how many were written first, their bytes and the time
/// it took (run.json's "data" section).</summary>
public sealed record DataWritten(int FilesPresent, int FilesWritten, long BytesWritten, double Seconds);
