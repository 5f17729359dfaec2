using System.Diagnostics;
using FlashBench.Core.Results;

namespace FlashBench.Core.CrossCheck;

/// <summary>Runs fio as a child process and reads its JSON result. fio missing or failing is one clear exception.</summary>
public static class FioProcess
{
    public const string InstallHint = "install it with scripts/install-deps.sh (apt-get install fio)";

    /// <summary>One fio run of <paramref name="job"/> (its group-reported figures).</summary>
    public static FioRow Measure(FioJob job, CancellationToken cancellation = default) =>
        FioJsonParser.Parse(Run(job.Arguments(), cancellation), job);

    /// <summary>`fio --version`, or null when fio is not installed.</summary>
    public static string? Version()
    {
        try
        {
            return Run(["--version"], CancellationToken.None).Trim();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static string Run(IReadOnlyList<string> arguments, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("fio") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("fio did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new FileNotFoundException($"fio is not installed: {InstallHint}");
        }
        using (process)
        using (cancellation.Register(() => Kill(process)))
        {
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            cancellation.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"fio failed (exit {process.ExitCode}): {error.Result.Split('\n')[0]}");
            return output;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }
}
