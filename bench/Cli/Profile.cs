namespace FlashBench.Bench.Cli;

/// <summary>How much to measure: quick (≤ 2 min on 2 cores, for CI and smoke runs), standard (the
/// default suite, ≤ 15 min for throughput), full (publication).</summary>
public enum Profile
{
    Quick,
    Standard,
    Full,
}

public static class Profiles
{
    public static string Name(this Profile profile) => profile.ToString().ToLowerInvariant();

    public static Profile From(bool quick, bool full) => (quick, full) switch
    {
        (true, true) => throw new UsageException("--quick and --full cannot be used together"),
        (true, false) => Profile.Quick,
        (false, true) => Profile.Full,
        _ => Profile.Standard,
    };
}
