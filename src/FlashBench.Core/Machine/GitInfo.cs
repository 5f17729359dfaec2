using System.Diagnostics;

namespace FlashBench.Core.Machine;

/// <summary>The commit a run was built from, and whether tracked files had uncommitted changes.</summary>
public sealed record GitInfo(string Commit, bool Dirty)
{
    public static GitInfo Current(string directory)
    {
        string? commit = Run(directory, "rev-parse HEAD");
        if (commit is null)
            return new GitInfo("unknown", false);
        string? status = Run(directory, "status --porcelain --untracked-files=no");
        return new GitInfo(commit, !string.IsNullOrWhiteSpace(status));
    }

    private static string? Run(string directory, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null)
                return null;
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git not installed
        }
    }
}
