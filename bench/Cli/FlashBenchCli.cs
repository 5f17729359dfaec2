using System.CommandLine;
using System.Reflection;
using FlashBench.Core.Results;

namespace FlashBench.Bench.Cli;

/// <summary>The flashbench command line: sub-commands are the <see cref="ICliCommand"/> types of this
/// assembly; no arguments runs the default suite (every <see cref="ISuiteExperiment"/>, then the report).
/// Bad input is one line on stderr and exit code 2; no stack traces.</summary>
public static class FlashBenchCli
{
    public static int Run(string[] args)
    {
        var commands = DiscoverCommands();
        var root = new RootCommand("FlashBench: reproduces the measurements of \"LLM in a flash\" (arXiv 2312.11514) on this machine's storage.");
        var quick = CommonOptions.Quick();
        var full = CommonOptions.Full();
        var dataDir = CommonOptions.DataDirectory();
        var outDir = CommonOptions.ResultsDirectory();
        root.Options.Add(quick);
        root.Options.Add(full);
        root.Options.Add(dataDir);
        root.Options.Add(outDir);
        foreach (var command in commands)
            root.Subcommands.Add(command.Build());
        root.SetAction(parse => DefaultSuite.Run(
            commands.OfType<ISuiteExperiment>().ToList(),
            Profiles.From(parse.GetValue(quick), parse.GetValue(full)),
            parse.GetValue(dataDir)!,
            parse.GetValue(outDir)!));

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

    private static List<ICliCommand> DiscoverCommands() =>
        typeof(FlashBenchCli).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliCommand).IsAssignableFrom(t))
            .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
            .OrderBy(c => c.Order)
            .ToList();
}
