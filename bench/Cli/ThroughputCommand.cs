using System.CommandLine;
using FlashBench.Bench.Experiments;
using FlashBench.Core;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;

namespace FlashBench.Bench.Cli;

/// <summary>`throughput`: random-read throughput vs chunk size, threads and read method (paper Fig. 2b).</summary>
public sealed class ThroughputCommand : ISuiteExperiment
{
    public int Order => 10;

    public string Name => "throughput";

    public Command Build()
    {
        var quick = CommonOptions.Quick();
        var full = CommonOptions.Full();
        var dataDir = CommonOptions.DataDirectory();
        var outDir = CommonOptions.ResultsDirectory();
        var verify = CommonOptions.Verify();
        var methods = new Option<string?>("--methods") { Description = $"Read methods, comma-separated: {ReadMethods.NameList}" };
        var chunks = new Option<string?>("--chunks") { Description = "Chunk sizes, comma-separated (4K,32K,1M)" };
        var threads = new Option<string?>("--threads") { Description = "Thread counts, comma-separated (1,8,32)" };
        var fileSize = new Option<string?>("--file-size") { Description = "Size of the test file (default: 4G quick, 8G standard, 32G full)" };
        var iterations = new Option<int?>("--iterations") { Description = "Measured iterations per grid point" };
        var iterationMs = new Option<int?>("--iteration-ms") { Description = "Reading time per iteration, ms (≥ 100)" };

        var command = new Command("throughput", "Random-read throughput of flash vs chunk size and threads, page cache bypassed or evicted (paper Fig. 2b)")
        {
            quick, full, methods, chunks, threads, dataDir, outDir, fileSize, iterations, iterationMs, verify,
        };
        command.SetAction(parse =>
        {
            var profile = Profiles.From(parse.GetValue(quick), parse.GetValue(full));
            var options = ThroughputOptions.ForProfile(profile, parse.GetValue(dataDir)!);
            options = Override(options, parse.GetValue(methods), parse.GetValue(chunks), parse.GetValue(threads),
                parse.GetValue(fileSize), parse.GetValue(iterations), parse.GetValue(iterationMs), parse.GetValue(verify));
            options.Validate();
            return StandaloneRun.Execute(parse.GetValue(outDir)!, "throughput", (run, token) => ThroughputExperiment.Run(options, run, token));
        });
        return command;
    }

    public void RunInSuite(SuiteContext context)
    {
        var options = ThroughputOptions.ForProfile(context.Profile, context.DataDirectory);
        options.Validate();
        ThroughputExperiment.Run(options, context.Run, context.Cancellation);
    }

    internal static ThroughputOptions Override(ThroughputOptions options, string? methods, string? chunks, string? threads,
        string? fileSize, int? iterations, int? iterationMs, bool verify)
    {
        if (methods is not null)
        {
            options = options with
            {
                Methods = ValueParsers.Split(methods).Select(name => ReadMethods.TryParse(name, out var method)
                    ? method
                    : throw new UsageException($"--methods: unknown method '{name}' (known: {ReadMethods.NameList})")).Distinct().ToList(),
            };
            if (options.Methods.Count == 0)
                throw new UsageException("--methods: no method given");
        }
        if (chunks is not null)
            options = options with { ChunkSizes = ValueParsers.Sizes(chunks, "--chunks") };
        if (threads is not null)
            options = options with { ThreadCounts = ValueParsers.PositiveInts(threads, "--threads", max: 256) };
        if (fileSize is not null)
            options = options with { FileBytes = ValueParsers.Bytes(fileSize, "--file-size") };
        if (iterations is not null)
            options = options with { Iterations = iterations.Value };
        if (iterationMs is not null)
            options = options with { IterationDuration = TimeSpan.FromMilliseconds(iterationMs.Value) };
        return options with { Verify = verify };
    }
}
