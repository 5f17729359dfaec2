namespace FlashBench.Core.DeviceWatch;

/// <summary>A cap on a device's reads for one cgroup: read operations per second and/or read bytes per second; null
/// leaves that side uncapped, and <see cref="Lifted"/> caps neither.</summary>
public sealed record BlockIoThrottleCap(long? ReadIops, long? ReadBytesPerSecond)
{
    public static BlockIoThrottleCap Lifted { get; } = new(null, null);

    public bool IsLifted => ReadIops is null && ReadBytesPerSecond is null;

    public static BlockIoThrottleCap Iops(long readIops) => new(readIops, null);

    public override string ToString() => IsLifted
        ? "no cap"
        : string.Join(", ", new[] { ReadIops is { } iops ? $"{iops} read IOPS" : null, ReadBytesPerSecond is { } bps ? $"{bps} read B/s" : null }.OfType<string>());
}
