using FlashBench.Core.DeviceWatch;

namespace FlashBench.Tests.DeviceWatch;

/// <summary>A fact that runs only where a <see cref="BlockIoThrottle"/> can be created (root, a writable cgroup hierarchy
/// with a block-I/O controller, a disk under the test binaries); elsewhere it is skipped with the reason in the output.
/// xunit 2 has no dynamic skip, so the probe runs once, when the attribute is made.</summary>
public sealed class ThrottleFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> UnavailableReason = new(Probe);

    public ThrottleFactAttribute()
    {
        if (UnavailableReason.Value is { } reason)
            Skip = $"block-I/O throttle unavailable: {reason}";
    }

    /// <summary>The file whose disk the throttle tests cap: beside the test binaries, on the repository's file system.</summary>
    public static string DiskFile => AppContext.BaseDirectory;

    /// <summary>Creates and disposes a throttle for a short-lived child process, never for the test host.</summary>
    private static string? Probe()
    {
        using var sleeper = ShortLivedProcess.Start();
        using var throttle = BlockIoThrottle.TryCreate(DiskFile, sleeper.Id, out string reason);
        return throttle is null ? reason : null;
    }
}
