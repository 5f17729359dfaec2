using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace FlashBench.Core.Machine;

/// <summary>Reads a device's stat file again and again through one open descriptor into one buffer, so a reading
/// allocates nothing (sysfs regenerates the text on every read from offset 0).</summary>
public sealed class BlockDeviceCounter : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly byte[] _buffer = new byte[512];

    public BlockDeviceCounter(BlockDevice device)
    {
        Device = device;
        _handle = File.OpenHandle(device.StatPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        _ = Read();
    }

    public BlockDevice Device { get; }

    public BlockDeviceStat Read()
    {
        int length = RandomAccess.Read(_handle, _buffer, 0);
        return BlockDeviceStat.TryParse(_buffer.AsSpan(0, length), out var stat)
            ? stat
            : throw new InvalidDataException($"{Device.StatPath} does not hold the kernel's block-device counters");
    }

    /// <summary>Waits (up to <paramref name="limit"/>) until the device has nothing in flight — asynchronous readahead
    /// of the mmap paths completes after the faults that started it — and returns the counters then.</summary>
    public BlockDeviceStat ReadWhenIdle(TimeSpan limit)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        var stat = Read();
        while (stat.InFlight > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            Thread.Sleep(1);
            stat = Read();
        }
        return stat;
    }

    /// <summary>A counter for the device under <paramref name="filePath"/>, or null with the reason in <paramref name="resolution"/>.</summary>
    public static BlockDeviceCounter? TryOpen(string filePath, out BlockDeviceResolution resolution)
    {
        resolution = BlockDeviceResolver.For(filePath);
        if (resolution.Device is null)
            return null;
        try
        {
            return new BlockDeviceCounter(resolution.Device);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            resolution = new BlockDeviceResolution(null, $"{resolution.Device.StatPath} cannot be read: {e.Message}");
            return null;
        }
    }

    public void Dispose() => _handle.Dispose();
}
