namespace FlashBench.Core.Storage;

public static class DiskSpace
{
    /// <summary>Bytes free to an unprivileged writer on the file system holding <paramref name="directory"/>.</summary>
    public static long Available(string directory) => new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;

    /// <summary>Throws a one-line <see cref="InsufficientSpaceException"/> when writing
    /// <paramref name="bytes"/> would leave less than a safety margin free.</summary>
    public static void EnsureRoomFor(string directory, long bytes, string what)
    {
        const long margin = 512L << 20; // leave the system room for logs and temp files
        long available = Available(directory);
        if (available < bytes + margin)
            throw new InsufficientSpaceException(
                $"not enough free disk space in {directory} for {what}: need {Units.FormatBytes(bytes + margin)} (incl. 512 MiB margin), have {Units.FormatBytes(available)}; use --data-dir on a larger file system or a smaller size");
    }
}

public sealed class InsufficientSpaceException(string message) : IOException(message);
