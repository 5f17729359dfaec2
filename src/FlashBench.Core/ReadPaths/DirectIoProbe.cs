using FlashBench.Core.Native;

namespace FlashBench.Core.ReadPaths;

/// <summary>Whether O_DIRECT works on a given file: tmpfs and overlayfs refuse it (EINVAL at open or
/// at the first read), so it is probed with a real aligned read rather than assumed.</summary>
public static class DirectIoProbe
{
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
            return bytes.Length == length
                ? new DirectIoSupport(true, "O_DIRECT aligned read succeeded")
                : new DirectIoSupport(false, $"O_DIRECT read returned {bytes.Length} of {length} bytes");
        }
        catch (IOException e)
        {
            return new DirectIoSupport(false, $"{e.Message} (the file system of {Path.GetDirectoryName(filePath)} refuses O_DIRECT)");
        }
    }
}

public sealed record DirectIoSupport(bool Supported, string Detail);
