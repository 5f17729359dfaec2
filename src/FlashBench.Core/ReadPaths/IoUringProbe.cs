using FlashBench.Core.Native;
using FlashBench.Core.Native.IoUring;

namespace FlashBench.Core.ReadPaths;

/// <summary>Whether the io_uring method can read a given file: O_DIRECT must reach a device (<see cref="DirectIoProbe"/>),
/// and a ring must be set up, the file and a buffer registered and an aligned READ_FIXED answered. An old kernel (ENOSYS),
/// kernel.io_uring_disabled or a container's seccomp profile (EPERM) or a small locked-memory limit (ENOMEM) make the
/// method unavailable, with the kernel's reason.</summary>
public static class IoUringProbe
{
    /// <summary>Whether this process may set up a ring at all (kernel, sysctl, seccomp), whatever the file.</summary>
    public static DirectIoSupport Kernel()
    {
        if (!OperatingSystem.IsLinux())
            return new DirectIoSupport(false, "io_uring is a Linux interface");
        try
        {
            using var ring = IoUringRing.Create(1);
            return new DirectIoSupport(true, "io_uring_setup succeeded");
        }
        catch (IoUringUnavailableException e)
        {
            return new DirectIoSupport(false, e.Message);
        }
    }

    public static DirectIoSupport Check(string filePath)
    {
        if (!OperatingSystem.IsLinux())
            return new DirectIoSupport(false, "io_uring is a Linux interface");
        var direct = DirectIoProbe.Check(filePath);
        if (!direct.Supported)
            return direct;
        try
        {
            using var handle = UnixFileHandle.OpenReadOnly(filePath, bypassCache: true);
            using var queue = new IoUringQueue(handle, depth: 1, slotBytes: AlignedBuffer.Alignment);
            int length = (int)Math.Min(AlignedBuffer.Alignment, new FileInfo(filePath).Length) / 512 * 512;
            if (length == 0)
                return new DirectIoSupport(false, "the file is shorter than one 512-byte block");
            queue.QueueSlot(0, 0, length);
            int completed;
            do
                queue.SubmitAndWait(1);
            while (!queue.TryComplete(out completed));
            int got = queue.Completed(completed).Length;
            return got == length
                ? new DirectIoSupport(true, "io_uring READ_FIXED on a registered O_DIRECT file succeeded")
                : new DirectIoSupport(false, $"io_uring read returned {got} of {length} bytes");
        }
        catch (IoUringUnavailableException e)
        {
            return new DirectIoSupport(false, e.Message);
        }
        catch (IOException e)
        {
            return new DirectIoSupport(false, $"io_uring cannot read {Path.GetFileName(filePath)}: {e.Message}");
        }
    }
}
