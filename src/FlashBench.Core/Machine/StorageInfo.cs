using FlashBench.Core.Native;

namespace FlashBench.Core.Machine;

/// <summary>Where a data file lives: mount point, file system type, block device and its model, queue settings (from /sys),
/// and the device whose counters give the bytes the device read (<see cref="DeviceCounters"/>: which one, or why none).</summary>
public sealed record StorageInfo(string Path, string MountPoint, string FileSystem, string Device, string DeviceModel, bool? Rotational, int? LogicalBlockBytes, string? Scheduler, int? ReadAheadKb, string DeviceCounters)
{
    public static StorageInfo For(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        string? mountInfo = ProcFiles.ReadTrimmed("/proc/self/mountinfo");
        var mount = mountInfo is null ? null : MountTable.Containing(MountTable.Parse(mountInfo), CanonicalPath.Of(full));
        string device = mount?.Source ?? "unknown";
        string? blockName = device.StartsWith("/dev/", StringComparison.Ordinal) ? System.IO.Path.GetFileName(device) : null;
        string? sysBlock = blockName is null ? null : ResolveSysBlock(blockName);
        return new StorageInfo(
            full,
            mount?.MountPoint ?? "unknown",
            mount?.FileSystem ?? "unknown",
            device,
            ReadDeviceModel(sysBlock),
            ParseBool(Read(sysBlock, "queue/rotational")),
            int.TryParse(Read(sysBlock, "queue/logical_block_size"), out int lbs) ? lbs : null,
            Read(sysBlock, "queue/scheduler"),
            // mmap faults with MADV_NORMAL read around the page up to this much, which decides mmap-normal's cost
            int.TryParse(Read(sysBlock, "queue/read_ahead_kb"), out int readAhead) ? readAhead : null,
            BlockDeviceResolver.For(full).Detail);
    }

    /// <summary>/sys/class/block/NAME for a disk, or its parent disk for a partition (the parent has queue/ and device/).</summary>
    private static string? ResolveSysBlock(string name)
    {
        string link = $"/sys/class/block/{name}";
        if (!Directory.Exists(link))
            return null;
        if (Directory.Exists(System.IO.Path.Combine(link, "queue")))
            return link;
        var resolved = new DirectoryInfo(link).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        string? parent = resolved is null ? null : System.IO.Path.GetDirectoryName(resolved);
        return parent is not null && Directory.Exists(System.IO.Path.Combine(parent, "queue")) ? parent : link;
    }

    private static string ReadDeviceModel(string? sysBlock)
    {
        string? model = Read(sysBlock, "device/model");
        if (!string.IsNullOrWhiteSpace(model))
            return model;
        string? name = sysBlock is null ? null : System.IO.Path.GetFileName(sysBlock);
        return name switch
        {
            null => "unknown",
            _ when name.StartsWith("vd", StringComparison.Ordinal) => $"{name} (virtio block device, model not exposed)",
            _ => $"{name} (model not exposed)",
        };
    }

    private static string? Read(string? sysBlock, string relative) =>
        sysBlock is null ? null : ProcFiles.ReadTrimmed(System.IO.Path.Combine(sysBlock, relative));

    private static bool? ParseBool(string? text) => text switch
    {
        "0" => false,
        "1" => true,
        _ => null,
    };
}
