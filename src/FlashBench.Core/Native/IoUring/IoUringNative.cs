using System.Runtime.InteropServices;

namespace FlashBench.Core.Native.IoUring;

/// <summary>The io_uring system calls through libc's <c>syscall</c>, and the kernel's structures
/// (include/uapi/linux/io_uring.h). liburing is not used: its submission and completion helpers are inline
/// functions in a header, so a P/Invoke into it would still have to re-create them here.</summary>
internal static unsafe partial class IoUringNative
{
    // The generic system call table: the same numbers on x86-64 and arm64.
    private const long SysIoUringSetup = 425;
    private const long SysIoUringEnter = 426;
    private const long SysIoUringRegister = 427;

    public const byte OpRead = 22;
    public const byte OpReadFixed = 4;

    public const byte SqeFixedFile = 1 << 0;

    public const uint EnterGetEvents = 1 << 0;

    /// <summary>IORING_SETUP_COOP_TASKRUN (5.19): completions are not pushed to the task with an interrupt (IPI) but run
    /// when it next enters the kernel, which a reader waiting in io_uring_enter does anyway.</summary>
    public const uint SetupCoopTaskrun = 1 << 8;

    /// <summary>IORING_SETUP_SINGLE_ISSUER (6.0): only the thread that made the ring submits to it.</summary>
    public const uint SetupSingleIssuer = 1 << 12;

    /// <summary>IORING_SETUP_DEFER_TASKRUN (6.1, needs SINGLE_ISSUER): completion work runs only when the issuer waits for
    /// events in io_uring_enter, in one batch, not as it arrives.</summary>
    public const uint SetupDeferTaskrun = 1 << 13;

    public const int ErrnoEinval = 22;

    public const uint RegisterBuffers = 0;
    public const uint RegisterFiles = 2;

    public const uint FeatSingleMmap = 1 << 0;

    public const long OffSqRing = 0;
    public const long OffCqRing = 0x8000000;
    public const long OffSqes = 0x10000000;

    public const int ErrnoEintr = 4;
    public const int ErrnoEagain = 11;
    public const int ErrnoEbusy = 16;

    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int MapShared = 1;
    private const int MapPopulate = 0x8000;

    [StructLayout(LayoutKind.Sequential)]
    public struct SqRingOffsets
    {
        public uint Head, Tail, RingMask, RingEntries, Flags, Dropped, Array, Resv1;
        public ulong UserAddr;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct CqRingOffsets
    {
        public uint Head, Tail, RingMask, RingEntries, Overflow, Cqes, Flags, Resv1;
        public ulong UserAddr;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Params
    {
        public uint SqEntries, CqEntries, Flags, SqThreadCpu, SqThreadIdle, Features, WqFd;
        public uint Resv0, Resv1, Resv2;
        public SqRingOffsets SqOff;
        public CqRingOffsets CqOff;
    }

    /// <summary>struct io_uring_sqe, the fields a read uses (64 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 64)]
    public struct Sqe
    {
        [FieldOffset(0)] public byte Opcode;
        [FieldOffset(1)] public byte Flags;
        [FieldOffset(2)] public ushort IoPriority;
        [FieldOffset(4)] public int Fd;
        [FieldOffset(8)] public ulong Offset;
        [FieldOffset(16)] public ulong Address;
        [FieldOffset(24)] public uint Length;
        [FieldOffset(28)] public uint RwFlags;
        [FieldOffset(32)] public ulong UserData;
        [FieldOffset(40)] public ushort BufferIndex;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Cqe
    {
        public ulong UserData;
        public int Result;
        public uint Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public nint Base;
        public nuint Length;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    /// <summary>io_uring_setup(2): the ring's descriptor, or -errno.</summary>
    public static int Setup(uint entries, Params* parameters) =>
        (int)Result(Syscall(SysIoUringSetup, entries, (long)parameters, 0, 0, 0, 0));

    /// <summary>io_uring_enter(2): the number of SQEs consumed, or -errno.</summary>
    public static int Enter(int ringFd, uint toSubmit, uint minComplete, uint flags) =>
        (int)Result(Syscall(SysIoUringEnter, ringFd, toSubmit, minComplete, flags, 0, 0));

    /// <summary>io_uring_register(2): 0 or -errno.</summary>
    public static int Register(int ringFd, uint opcode, void* argument, uint count) =>
        (int)Result(Syscall(SysIoUringRegister, ringFd, opcode, (long)argument, count, 0, 0));

    /// <summary>A shared, pre-faulted read-write mapping of one of the ring's regions, or 0 (errno in LastPInvokeError).</summary>
    public static nint MapRegion(int ringFd, nuint length, long offset)
    {
        nint address = Mmap(0, length, ProtRead | ProtWrite, MapShared | MapPopulate, ringFd, offset);
        return address == -1 ? 0 : address;
    }

    private static long Result(long value) => value >= 0 ? value : -Marshal.GetLastPInvokeError();

    public static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
