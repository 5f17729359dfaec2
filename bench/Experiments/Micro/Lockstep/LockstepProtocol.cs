using System.Globalization;

namespace FlashBench.Bench.Experiments.Micro.Lockstep;

/// <summary>The line protocol between the lockstep coordinator and a micro worker (one per build), tab-separated on the
/// worker's stdin and stdout. The worker announces "case family name operations-per-call" per benchmark, then "ready";
/// it answers "run key calls" with "done nanoseconds allocated-bytes" (or "error message") and ends at "quit".
/// Kept this small so that two commits' workers understand one coordinator.</summary>
public static class LockstepProtocol
{
    public const string Case = "case";
    public const string Ready = "ready";
    public const string Run = "run";
    public const string Done = "done";
    public const string Error = "error";
    public const string Quit = "quit";

    public static string CaseLine(MicroCase c) => $"{Case}\t{c.Family}\t{c.Name}\t{c.OperationsPerCall.ToString(CultureInfo.InvariantCulture)}";

    public static string RunLine(string key, long calls) => $"{Run}\t{key}\t{calls.ToString(CultureInfo.InvariantCulture)}";

    public static string DoneLine(double nanoseconds, long allocatedBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"{Done}\t{nanoseconds:R}\t{allocatedBytes}");
}
