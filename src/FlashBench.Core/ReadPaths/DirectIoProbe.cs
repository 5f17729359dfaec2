using FlashBench.Core.Machine;
using FlashBench.Core.Native;

namespace FlashBench.Core.ReadPaths;

/// <summary>Whether O_DIRECT reaches a device for a given file. overlayfs (and tmpfs before Linux 6.6)
/// refuse it with EINVAL at open or at the first read, so it is probed with a real aligned read rather
/// than assumed. Since Linux 6.6 tmpfs accepts O_DIRECT, but its pages live in memory and no read touches
/// a device, so memory-backed file systems are refused by type as well.</summary>
public static class DirectIoProbe
{
    private static readonly HashSet<string> MemoryBackedFileSystems = ["tmpfs", "ramfs", "devtmpfs", "hugetlbfs"];

    public static DirectIoSupport Check(string filePath)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return new DirectIoSupport(false, "O_DIRECT/F_NOCACHE is only implemented for Linux and macOS");
        try
        {
            using var path = new DirectReadPath(filePath);
            using var buffer = new AlignedBuffer(AlignedBuffer.Alignment);
            int length = (int)Math.Min(AlignedBuffer.Alignment, path.FileBytes);
            var bytes = path.Read(0, length, buffer);
            if (bytes.Length != length)
                return new DirectIoSupport(false, $"O_DIRECT read returned {bytes.Length} of {length} bytes");
            string fileSystem = StorageInfo.For(filePath).FileSystem;
            return MemoryBackedFileSystems.Contains(fileSystem)
                ? new DirectIoSupport(false, $"{Path.GetDirectoryName(filePath)} is on {fileSystem}, which keeps files in memory: O_DIRECT is accepted there but never reads a device")
                : new DirectIoSupport(true, $"O_DIRECT aligned read succeeded on {fileSystem}");
        }
        catch (IOException e)
        {
            return new DirectIoSupport(false, $"{e.Message} (the file system of {Path.GetDirectoryName(filePath)} refuses O_DIRECT)");
        }
    }
}

public sealed record DirectIoSupport(bool Supported, string Detail);
