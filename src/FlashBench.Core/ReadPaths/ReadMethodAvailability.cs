namespace FlashBench.Core.ReadPaths;

/// <summary>Which requested methods can run on a file, and why the others cannot (O_DIRECT refused or memory-backed,
/// io_uring unavailable): an experiment skips those with the reason instead of failing.</summary>
public static class ReadMethodAvailability
{
    /// <summary>Splits <paramref name="requested"/> by <paramref name="probe"/> (normally <see cref="ReadMethods.Availability"/>
    /// on the file to be read), probing each method once.</summary>
    public static (IReadOnlyList<ReadMethod> Usable, IReadOnlyList<SkippedMethod> Skipped) Sort(IReadOnlyList<ReadMethod> requested,
        Func<ReadMethod, DirectIoSupport> probe)
    {
        var usable = new List<ReadMethod>();
        var skipped = new List<SkippedMethod>();
        foreach (var method in requested.Distinct())
        {
            var support = probe(method);
            if (support.Supported)
                usable.Add(method);
            else
                skipped.Add(new SkippedMethod(method, support.Detail));
        }
        return (usable, skipped);
    }
}

/// <summary>A requested method that cannot read here, and why.</summary>
public sealed record SkippedMethod(ReadMethod Method, string Reason);
