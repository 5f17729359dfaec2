using System.CommandLine;
using System.Reflection;
using FlashBench.Bench.Experiments.Throughput;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Results;

namespace FlashBench.Bench.Cli;

/// <summary>The flashbench command line: one command per experiment of <see cref="ExperimentCatalog"/>, then the commands
/// that work on existing runs; no command runs the default suite (every experiment but on-device, then the report).
/// Bad input is one line on stderr and exit code 2; no stack traces.</summary>
public static class FlashBenchCli
{
    private static readonly ICliCommand[] RunTools =
        [new ReportCommand(), new FioCrossCheckCommand(), new CompareCommand(), new HistoryCommand(), new LockstepCommand(), new MicroWorkerCommand(), new KernelCheckCommand()];

    public static int Run(string[] args)
    {
        var root = new RootCommand("FlashBench: reproduces the measurements of \"LLM in a flash\" (arXiv 2312.11514) on this machine's storage.");
        var common = new CommonOptions();
        common.AddTo(root);
        foreach (var experiment in ExperimentCatalog.All)
            root.Subcommands.Add(experiment.BuildCommand());
        foreach (var tool in RunTools)
            root.Subcommands.Add(tool.Build());
        root.SetAction(parse => ExperimentHost.RunSuite(ExperimentCatalog.All.Where(e => e.InDefaultSuite).ToList(), common.Settings(parse)));
        return Invoke(root, args);
    }

    public static int Invoke(RootCommand root, string[] args)
    {
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                Console.Error.WriteLine($"flashbench: {parse.Errors[0].Message} (see --help)");
                return ExitCodes.BadInput;
            }
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (IsBadInput(e))
        {
            Console.Error.WriteLine($"flashbench: {Unwrap(e).Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("flashbench: cancelled; results written so far are kept");
            return ExitCodes.Failure;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"flashbench: failed: {Unwrap(e).Message}");
            if (Environment.GetEnvironmentVariable("FLASHBENCH_DEBUG") == "1")
                Console.Error.WriteLine(e);
            return ExitCodes.Failure;
        }
    }

    private static Exception Unwrap(Exception e) =>
        e is TargetInvocationException or AggregateException && e.InnerException is not null ? Unwrap(e.InnerException) : e;

    private static bool IsBadInput(Exception e) => Unwrap(e) is UsageException or DirectoryNotFoundException
        or FileNotFoundException or CsvFormatException or InvalidDataException;
}
