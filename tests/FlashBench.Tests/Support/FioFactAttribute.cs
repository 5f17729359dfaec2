using FlashBench.Core.CrossCheck;

namespace FlashBench.Tests.Support;

/// <summary>A test that runs the real fio. On a machine without fio (a fresh clone with only the .NET SDK) it is skipped
/// with the reason shown; with FLASHBENCH_REQUIRE_FIO=1 (set by .ci/run after installing fio) it runs, so a missing fio
/// fails it instead of hiding it.</summary>
public sealed class FioFactAttribute : FactAttribute
{
    public const string RequireVariable = "FLASHBENCH_REQUIRE_FIO";

    private static readonly Lazy<bool> Installed = new(() => FioProcess.Version() is not null);

    public FioFactAttribute()
    {
        if (!Installed.Value && Environment.GetEnvironmentVariable(RequireVariable) != "1")
            Skip = $"fio is not installed ({FioProcess.InstallHint}); set {RequireVariable}=1 to make this a failure";
    }
}
