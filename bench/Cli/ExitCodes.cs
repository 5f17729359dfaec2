namespace FlashBench.Bench.Cli;

public static class ExitCodes
{
    public const int Success = 0;
    /// <summary>A run failed, or (compare) a measurement regressed.</summary>
    public const int Failure = 1;
    /// <summary>Bad input: unknown option or value, missing directory, unreadable file.</summary>
    public const int BadInput = 2;
}

/// <summary>Bad input from the user: printed as one line on stderr, exit code 2, nothing written.</summary>
public sealed class UsageException(string message) : Exception(message);
