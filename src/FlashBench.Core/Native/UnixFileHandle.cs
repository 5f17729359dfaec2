using System.Runtime.InteropServices;
using FlashBench.Core.ReadPaths;
using Microsoft.Win32.SafeHandles;

namespace FlashBench.Core.Native;

/// <summary>A file descriptor opened with libc <c>open</c>, so that O_DIRECT really reaches the kernel
/// (the undocumented O_DIRECT bit of .NET FileOptions is silently ignored on Linux).</summary>
public sealed class UnixFileHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private UnixFileHandle() : base(ownsHandle: true) { }

    public int Descriptor => (int)handle;

    /// <summary>Opens <paramref name="path"/> read-only, with O_DIRECT (Linux) or F_NOCACHE (macOS)
    /// when <paramref name="bypassCache"/> is set.</summary>
    public static UnixFileHandle OpenReadOnly(string path, bool bypassCache)
    {
        int fd = Libc.Open(path, Libc.OpenReadOnlyFlags(bypassCache), 0);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"open({path}{(bypassCache ? ", O_DIRECT" : "")}) failed: {Libc.ErrorText(errno)} (errno {errno})");
        }

        var result = new UnixFileHandle();
        result.SetHandle(fd);
        if (bypassCache && OperatingSystem.IsMacOS() && Libc.Fcntl(fd, Libc.FNoCacheMacOs, 1) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            result.Dispose();
            throw new IOException($"fcntl(F_NOCACHE) on {path} failed: {Libc.ErrorText(errno)}");
        }
        return result;
    }

    /// <summary>pread until <paramref name="length"/> bytes or end of file; loops over short reads and EINTR.</summary>
    public unsafe int ReadExactly(byte* destination, int length, long offset)
    {
        var reader = new PRead(Descriptor, destination);
        return ShortReadLoop.ReadFully(ref reader, length, offset);
    }

    private readonly unsafe struct PRead(int descriptor, byte* destination) : ShortReadLoop.IReadOnce
    {
        public int Read(int destinationOffset, int count, long fileOffset)
        {
            while (true)
            {
                nint n = Libc.PRead(descriptor, destination + destinationOffset, (nuint)count, fileOffset);
                if (n >= 0)
                    return (int)n;
                int errno = Marshal.GetLastPInvokeError();
                if (errno != Libc.ErrnoEintr)
                    throw new IOException($"pread({count} bytes at {fileOffset}) failed: {Libc.ErrorText(errno)} (errno {errno})");
            }
        }
    }

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
