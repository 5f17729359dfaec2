using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace FlashBench.Core.Native;

/// <summary>A file descriptor opened with libc <c>open</c>, so that O_DIRECT really reaches the kernel
/// (.NET's <c>(FileOptions)0x20000000</c> is silently ignored on Linux).</summary>
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
        int done = 0;
        while (done < length)
        {
            nint n = Libc.PRead(Descriptor, destination + done, (nuint)(length - done), offset + done);
            if (n > 0)
            {
                done += (int)n;
                continue;
            }
            if (n == 0)
                break; // end of file
            int errno = Marshal.GetLastPInvokeError();
            if (errno == Libc.ErrnoEintr)
                continue;
            throw new IOException($"pread({length} bytes at {offset}) failed: {Libc.ErrorText(errno)} (errno {errno})");
        }
        return done;
    }

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
