using System.Runtime.InteropServices;

namespace FlashBench.Core.Native;

/// <summary>The few libc calls .NET does not expose: O_DIRECT open, pread into native memory,
/// posix_fadvise, madvise, mincore and realpath.</summary>
internal static unsafe partial class Libc
{
    public const int PosixFadvRandom = 1;
    public const int PosixFadvDontNeed = 4;

    public const int MadvNormal = 0;
    public const int MadvRandom = 1;
    public const int MadvSequential = 2;
    public const int MadvWillNeed = 3;
    public const int MadvDontNeed = 4;

    public const int ErrnoEintr = 4;
    public const int ErrnoEinval = 22;

    // macOS: fcntl(fd, F_NOCACHE, 1) is the paper's way to bypass the unified buffer cache (§4.1).
    public const int FNoCacheMacOs = 48;

    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000;

    /// <summary>O_DIRECT differs by architecture: 040000 (octal) on x86-64, 0200000 on arm64.</summary>
    public static int ODirect => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm
        ? 0x10000
        : 0x4000;

    public static int OpenReadOnlyFlags(bool direct) =>
        ORdOnly | OCloExec | (direct && OperatingSystem.IsLinux() ? ODirect : 0);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    public static partial nint PRead(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", EntryPoint = "posix_fadvise")]
    public static partial int PosixFadvise(int fd, long offset, long length, int advice);

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    public static partial int MAdvise(void* address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "mincore", SetLastError = true)]
    public static partial int MinCore(void* address, nuint length, byte* vector);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "realpath", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint RealPath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    public static partial void Free(nint pointer);

    [LibraryImport("libc", EntryPoint = "getpagesize")]
    public static partial int GetPageSize();

    public static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
