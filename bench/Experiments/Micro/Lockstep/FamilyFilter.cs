namespace FlashBench.Bench.Experiments.Micro.Lockstep;

/// <summary>Which micro families a lockstep run's benchmark filters (substrings of family/name) can select, so that a
/// worker prepares only those: the kernels' 256 MiB matrices are most of a worker's start-up, and every round starts
/// fresh workers. A filter that names no family (e.g. "32K") might match any, so it keeps every family.</summary>
public static class FamilyFilter
{
    /// <summary>The environment variable through which the coordinator hands the filters to its workers, one per line. A
    /// variable rather than an option: an older build's worker ignores it and prepares everything, as before.</summary>
    public const string Variable = "FLASHBENCH_LOCKSTEP_BENCHMARKS";

    public static readonly IReadOnlyList<string> Families = ["read-path", "window", "slots", "kernel"];

    public static bool Selects(IReadOnlyList<string> filters, string family) =>
        filters.Count == 0 || filters.Any(b => Mentions(b, family) || !Families.Any(f => Mentions(b, f)));

    /// <summary>Filters read from <see cref="Variable"/>'s text (null or blank: none).</summary>
    public static IReadOnlyList<string> Parse(string? text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>True when <paramref name="filter"/> lies within "family/" or begins with it: only then can it match a
    /// key of that family and no other.</summary>
    private static bool Mentions(string filter, string family) =>
        $"{family}/".Contains(filter, StringComparison.OrdinalIgnoreCase) || filter.StartsWith($"{family}/", StringComparison.OrdinalIgnoreCase);
}
