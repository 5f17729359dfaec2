namespace FlashBench.Core.Machine;

/// <summary>The block device whose kernel counters tell what the device under a file read: <paramref name="StatPath"/>
/// is its /sys/dev/block/MAJ:MIN/stat; <paramref name="Description"/> says how it was found (e.g. through a loop device).</summary>
public sealed record BlockDevice(string Name, string MajorMinor, string StatPath, string Description);

/// <summary>The device found for a file, or null with <paramref name="Detail"/> saying why none can be read (for run.json).</summary>
public sealed record BlockDeviceResolution(BlockDevice? Device, string Detail);
