using System.CommandLine;
using System.Globalization;
using FlashBench.Bench.Experiments.Micro.Lockstep;
using FlashBench.Core.Results;
using FlashBench.Reporting.Comparison.Lockstep;

namespace FlashBench.Bench.Cli;

/// <summary>`lockstep --base-bin DIR --head-bin DIR [--out DIR] [--rounds 6] [--slices N] [--slice-ms 5] [--warmup-ms 400]
/// [--seconds 1.5] [--cpu N|none] [--benchmark TEXT]... [--data-dir DIR]`: measures two builds' micro benchmarks in
/// lockstep (<see cref="LockstepRunner"/>) and writes lockstep.csv, which `compare --lockstep` judges.</summary>
public sealed class LockstepCommand : ICliCommand
{
    public Command Build()
    {
        var baseBin = new Option<string>("--base-bin") { Description = "Build output folder of the base (holds flashbench.dll)", Required = true };
        var headBin = new Option<string>("--head-bin") { Description = "Build output folder of the head", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for lockstep.csv", DefaultValueFactory = _ => "." };
        var defaults = LockstepOptions.Default;
        var rounds = new Option<int>("--rounds") { Description = $"Rounds, each a fresh pair of worker processes (default {defaults.Rounds})", DefaultValueFactory = _ => defaults.Rounds };
        var slices = new Option<int>("--slices") { Description = $"Slice pairs per benchmark, at most (default {defaults.Slices})", DefaultValueFactory = _ => defaults.Slices };
        var sliceMs = new Option<double>("--slice-ms") { Description = $"Target length of one slice in milliseconds (default {defaults.SliceMilliseconds}); a slice is never less than one call", DefaultValueFactory = _ => defaults.SliceMilliseconds };
        var warmupMs = new Option<double>("--warmup-ms") { Description = $"Warm-up per side and benchmark in milliseconds (default {defaults.WarmupMilliseconds})", DefaultValueFactory = _ => defaults.WarmupMilliseconds };
        var seconds = new Option<double>("--seconds") { Description = $"Time budget per benchmark for its slices (default {defaults.SecondsPerBenchmark}); at least {LockstepOptions.MinimumSlices} pairs run", DefaultValueFactory = _ => defaults.SecondsPerBenchmark };
        var cpu = new Option<string?>("--cpu") { Description = "CPU list both workers are pinned to (taskset -c); default the last CPU; 'none' does not pin" };
        var benchmarks = new Option<string[]>("--benchmark") { Description = "Run only benchmarks whose family/name contains this text (repeatable)", AllowMultipleArgumentsPerToken = false };
        var dataDirectory = new Option<string>("--data-dir") { Description = "Data folder passed to the workers", DefaultValueFactory = _ => CommonOptions.DefaultDataDirectory };
        var command = new Command("lockstep", "Measure two builds' micro benchmarks in alternating slices; writes lockstep.csv for `compare --lockstep`");
        foreach (var option in new Option[] { baseBin, headBin, output, rounds, slices, sliceMs, warmupMs, seconds, cpu, benchmarks, dataDirectory })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var options = new LockstepOptions(parse.GetValue(rounds), parse.GetValue(slices), parse.GetValue(sliceMs), parse.GetValue(warmupMs), parse.GetValue(seconds),
                parse.GetValue(benchmarks) ?? []);
            if (options.Rounds < 2 || options.Slices < LockstepOptions.MinimumSlices || options.SliceMilliseconds <= 0 || options.WarmupMilliseconds < 0 || options.SecondsPerBenchmark <= 0)
                throw new UsageException($"--rounds must be at least 2, --slices at least {LockstepOptions.MinimumSlices}, --slice-ms and --seconds above 0, --warmup-ms not below 0");
            string? cpus = Pinning(parse.GetValue(cpu));
            Console.Error.WriteLine(cpus is null ? "lockstep: workers not pinned" : $"lockstep: both workers pinned to CPU {cpus} (taskset)");
            string data = Path.GetFullPath(parse.GetValue(dataDirectory)!);
            string baseDirectory = parse.GetValue(baseBin)!, headDirectory = parse.GetValue(headBin)!;
            var (rows, notCompared) = LockstepRunner.Run(
                _ => Start(baseDirectory, headDirectory, data, cpus, options.Benchmarks), options, Console.WriteLine);
            foreach (string line in notCompared)
                Console.WriteLine($"lockstep: not compared: {line}");
            if (rows.Count == 0)
                throw new UsageException("lockstep: no benchmark both builds have matched");
            string directory = parse.GetValue(output)!;
            Directory.CreateDirectory(directory);
            string csv = Path.Combine(directory, SliceRow.FileName);
            CsvFiles.Write(csv, rows);
            Console.WriteLine($"lockstep: {csv}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A fresh pair of workers, started together: the one started second and prepared while the other sat idle
    /// ran its benchmarks 2-17 % faster here, so neither goes first.</summary>
    private static (ILockstepSide, ILockstepSide) Start(string baseDirectory, string headDirectory, string data, string? cpus, IReadOnlyList<string> benchmarks)
    {
        var baseSide = Task.Run(() => new WorkerProcess("base", baseDirectory, data, cpus, benchmarks));
        var headSide = Task.Run(() => new WorkerProcess("head", headDirectory, data, cpus, benchmarks));
        try
        {
            Task.WaitAll(baseSide, headSide);
        }
        catch (AggregateException)
        {
            if (baseSide.IsCompletedSuccessfully)
                baseSide.Result.Dispose();
            if (headSide.IsCompletedSuccessfully)
                headSide.Result.Dispose();
            throw;
        }
        return (baseSide.Result, headSide.Result);
    }

    /// <summary>The CPU list to pin to: the asked one, none, or the last CPU when taskset is on the PATH.</summary>
    private static string? Pinning(string? asked)
    {
        if (asked == "none")
            return null;
        bool hasTaskset = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, "taskset")));
        if (!hasTaskset)
        {
            if (asked is not null)
                throw new UsageException("--cpu: taskset is not installed, so the workers cannot be pinned (--cpu none runs them unpinned)");
            return null;
        }
        return asked ?? (Environment.ProcessorCount - 1).ToString(CultureInfo.InvariantCulture);
    }
}
