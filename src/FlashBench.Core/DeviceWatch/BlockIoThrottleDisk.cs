using FlashBench.Core.Machine;

namespace FlashBench.Core.DeviceWatch;

/// <summary>The disk a throttle caps: the device <see cref="BlockDeviceResolver"/> finds under a file, made whole —
/// the kernel takes throttle limits only for whole disks (a partition is refused), while the resolver keeps a
/// partition for its own counters.</summary>
public sealed record BlockIoThrottleDisk(string Name, string MajorMinor)
{
    /// <summary>The disk under <paramref name="filePath"/>, or null with the reason.</summary>
    public static BlockIoThrottleDisk? For(string filePath, out string reason) =>
        WholeDisk(BlockDeviceResolver.For(filePath), "/sys", out reason);

    /// <summary>Against another mountinfo and /sys (tests use a made-up tree); <paramref name="fullPath"/> is canonical.</summary>
    public static BlockIoThrottleDisk? For(string fullPath, string mountInfoPath, string sysRoot, out string reason) =>
        WholeDisk(BlockDeviceResolver.For(fullPath, mountInfoPath, sysRoot), sysRoot, out reason);

    private static BlockIoThrottleDisk? WholeDisk(BlockDeviceResolution resolution, string sysRoot, out string reason)
    {
        reason = resolution.Detail;
        if (resolution.Device is not { } device)
            return null;
        string deviceDirectory = DeviceDirectory(device.MajorMinor, sysRoot);
        if (!File.Exists(Path.Combine(deviceDirectory, "partition")))
            return new BlockIoThrottleDisk(device.Name, device.MajorMinor);

        string diskDirectory = Path.GetDirectoryName(deviceDirectory.TrimEnd('/')) ?? "";
        string? diskNumber = ProcFiles.ReadTrimmed(Path.Combine(diskDirectory, "dev"));
        if (diskNumber is null)
        {
            reason = $"{device.Name} ({device.MajorMinor}) is a partition whose disk has no dev file in {diskDirectory}";
            return null;
        }
        reason = $"{device.Name} ({device.MajorMinor}) is a partition of {Path.GetFileName(diskDirectory)} ({diskNumber})";
        return new BlockIoThrottleDisk(Path.GetFileName(diskDirectory), diskNumber);
    }

    public override string ToString() => $"{Name} ({MajorMinor})";

    private static string DeviceDirectory(string majorMinor, string sysRoot)
    {
        string link = Path.Combine(sysRoot, "dev", "block", majorMinor);
        return new DirectoryInfo(link).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? link;
    }
}
