using FlashBench.Core.Native;

namespace FlashBench.Core.Machine;

/// <summary>Finds the block device that serves a file's reads: the file system's device number from
/// /proc/self/mountinfo, then /sys/dev/block/MAJ:MIN. A partition or a device-mapper target has its own stat file
/// (its reads, not the whole disk's); a loop device is followed to the device under its backing file, since the
/// loop device's own reads may be served from the backing file's page cache.</summary>
public static class BlockDeviceResolver
{
    private const int MaxLoopDepth = 4;

    public static BlockDeviceResolution For(string filePath) => For(CanonicalPath.Of(filePath), "/proc/self/mountinfo", "/sys");

    /// <summary>Resolution against another /proc/self/mountinfo and /sys (tests use a made-up tree).</summary>
    public static BlockDeviceResolution For(string fullPath, string mountInfoPath, string sysRoot) =>
        Resolve(fullPath, mountInfoPath, sysRoot, depth: 0, via: "");

    private static BlockDeviceResolution Resolve(string fullPath, string mountInfoPath, string sysRoot, int depth, string via)
    {
        string? mountInfo = ProcFiles.ReadTrimmed(mountInfoPath);
        if (mountInfo is null)
            return new(null, $"{mountInfoPath} cannot be read, so the device under {fullPath} is unknown");
        var mount = MountTable.Containing(MountTable.Parse(mountInfo), fullPath);
        if (mount is null)
            return new(null, $"no mount in {mountInfoPath} holds {fullPath}");

        string majorMinor = mount.MajorMinor;
        if (mount.Major == 0)
        {
            // btrfs and similar report an anonymous device number; their single source device still has counters.
            string? sourceNumber = mount.Source.StartsWith("/dev/", StringComparison.Ordinal)
                ? ProcFiles.ReadTrimmed(Path.Combine(sysRoot, "class", "block", Path.GetFileName(mount.Source), "dev"))
                : null;
            if (sourceNumber is null)
                return new(null, $"{fullPath} is on {mount.FileSystem} ({mount.Source}), which has no block device of its own (device {majorMinor})");
            majorMinor = sourceNumber;
        }

        string link = Path.Combine(sysRoot, "dev", "block", majorMinor);
        if (!Directory.Exists(link))
            return new(null, $"{link} does not exist, so device {majorMinor} ({mount.Source}) has no counters to read");
        string deviceDirectory = new DirectoryInfo(link).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? link;
        string name = Path.GetFileName(deviceDirectory.TrimEnd('/'));

        string? backingFile = ProcFiles.ReadTrimmed(Path.Combine(deviceDirectory, "loop", "backing_file"));
        if (backingFile is not null)
        {
            if (depth >= MaxLoopDepth)
                return new(null, $"{via}{name} is nested more than {MaxLoopDepth} loop devices deep");
            const string deleted = " (deleted)";
            if (backingFile.EndsWith(deleted, StringComparison.Ordinal))
                backingFile = backingFile[..^deleted.Length];
            return Resolve(CanonicalPath.Of(backingFile), mountInfoPath, sysRoot, depth + 1, $"{via}{name} → {backingFile} → ");
        }

        string stat = Path.Combine(deviceDirectory, "stat");
        if (!File.Exists(stat))
            return new(null, $"{stat} does not exist, so {name} ({majorMinor}) has no counters to read");
        string kind = name switch
        {
            _ when name.StartsWith("dm-", StringComparison.Ordinal) => "device-mapper target",
            _ when File.Exists(Path.Combine(deviceDirectory, "partition")) => "partition",
            _ when name.StartsWith("zram", StringComparison.Ordinal) || name.StartsWith("ram", StringComparison.Ordinal) => "memory-backed device, not flash",
            _ => "disk",
        };
        return new(new BlockDevice(name, majorMinor, stat, $"{via}{name} ({majorMinor}, {kind}) under {mount.MountPoint}"),
            $"reads counted on {via}{name} ({majorMinor}, {kind}): {stat}");
    }
}
