using static FlashBench.Core.Native.IoUring.IoUringNative;

namespace FlashBench.Core.Native.IoUring;

/// <summary>One io_uring instance: the submission and completion rings and the SQE array mapped into this process.
/// Not thread-safe: one ring per reader thread. The kernel reads the SQ tail and writes the CQ tail concurrently,
/// so the application publishes its SQ tail and CQ head with release stores and reads the kernel's SQ head and CQ
/// tail with acquire loads (the ordering liburing's io_uring_smp_store_release / load_acquire give).</summary>
internal sealed unsafe class IoUringRing : IDisposable
{
    private readonly int _fd;
    private readonly nint _sqRing;
    private readonly nuint _sqRingBytes;
    private readonly nint _cqRing;
    private readonly nuint _cqRingBytes;
    private readonly nint _sqes;
    private readonly nuint _sqesBytes;

    private readonly uint* _sqHead;
    private readonly uint* _sqTail;
    private readonly uint _sqMask;
    private readonly Sqe* _sqeArray;
    private readonly uint* _cqHead;
    private readonly uint* _cqTail;
    private readonly uint _cqMask;
    private readonly Cqe* _cqes;

    private uint _localTail;
    private uint _unsubmitted;
    private bool _disposed;

    private IoUringRing(int fd, in Params p)
    {
        _fd = fd;
        SqEntries = p.SqEntries;
        _sqRingBytes = p.SqOff.Array + p.SqEntries * sizeof(uint);
        _cqRingBytes = p.CqOff.Cqes + p.CqEntries * (uint)sizeof(Cqe);
        bool single = (p.Features & FeatSingleMmap) != 0;
        if (single)
            _sqRingBytes = _cqRingBytes = Math.Max(_sqRingBytes, _cqRingBytes);
        _sqesBytes = p.SqEntries * (uint)sizeof(Sqe);
        try
        {
            _sqRing = Map(_sqRingBytes, OffSqRing);
            _cqRing = single ? _sqRing : Map(_cqRingBytes, OffCqRing);
            _sqes = Map(_sqesBytes, OffSqes);
        }
        catch
        {
            Release();
            throw;
        }
        byte* sq = (byte*)_sqRing, cq = (byte*)_cqRing;
        _sqHead = (uint*)(sq + p.SqOff.Head);
        _sqTail = (uint*)(sq + p.SqOff.Tail);
        _sqMask = *(uint*)(sq + p.SqOff.RingMask);
        _sqeArray = (Sqe*)_sqes;
        _cqHead = (uint*)(cq + p.CqOff.Head);
        _cqTail = (uint*)(cq + p.CqOff.Tail);
        _cqMask = *(uint*)(cq + p.CqOff.RingMask);
        _cqes = (Cqe*)(cq + p.CqOff.Cqes);
        // The SQ index array maps ring slot i to SQE i once and for all, as liburing does.
        uint* array = (uint*)(sq + p.SqOff.Array);
        for (uint i = 0; i < p.SqEntries; i++)
            array[i] = i;
        _localTail = *_sqTail;
    }

    /// <summary>Submission queue entries (the kernel rounds the request up to a power of two).</summary>
    public uint SqEntries { get; }

    /// <summary>SQEs queued and not yet taken by the kernel.</summary>
    public uint Unsubmitted => _unsubmitted;

    /// <summary>Completions the kernel has posted and this ring has not reaped.</summary>
    public uint CompletionsReady => Volatile.Read(ref *_cqTail) - *_cqHead;

    /// <summary>Sets up a ring of at least <paramref name="entries"/> entries; throws <see cref="IoUringUnavailableException"/>
    /// with the kernel's reason when io_uring cannot be used (ENOSYS: not built in; EPERM: kernel.io_uring_disabled or a
    /// seccomp profile; ENOMEM: locked-memory limit).</summary>
    /// <param name="singleIssuer">Only the calling thread will ever submit to the ring: it is then set up as fio 3.33's
    /// io_uring engine sets up its rings (strace: SINGLE_ISSUER|DEFER_TASKRUN, completions handled in batches when the
    /// reader waits); otherwise COOP_TASKRUN only (no interrupt per completion). A kernel that refuses a flag (EINVAL,
    /// older than 6.1 or 5.19) gets the next simpler ring, down to the plain one.</param>
    public static IoUringRing Create(uint entries, bool singleIssuer = false)
    {
        uint[] setups = singleIssuer
            ? [SetupSingleIssuer | SetupDeferTaskrun, SetupCoopTaskrun, 0]
            : [SetupCoopTaskrun, 0];
        Params p = default;
        int fd = -ErrnoEinval;
        foreach (uint flags in setups)
        {
            p = default;
            p.Flags = flags;
            fd = Setup(entries, &p);
            if (fd != -ErrnoEinval)
                break;
        }
        if (fd < 0)
            throw new IoUringUnavailableException(-fd, $"io_uring_setup({entries}) failed: {ErrorText(-fd)} (errno {-fd}){Hint(-fd)}");
        try
        {
            return new IoUringRing(fd, p);
        }
        catch
        {
            Libc.Close(fd);
            throw;
        }
    }

    private static string Hint(int errno) => errno switch
    {
        38 => "; the kernel has no io_uring (CONFIG_IO_URING off or older than 5.1)",
        1 => "; io_uring is disabled for this process (sysctl kernel.io_uring_disabled, or a seccomp profile such as a container's)",
        12 => "; the locked-memory limit (ulimit -l) is too small for the rings",
        _ => "",
    };

    /// <summary>Registers one descriptor as fixed file 0 (IORING_REGISTER_FILES): reads then name it by index and skip
    /// the per-read file reference count.</summary>
    public void RegisterFile(int fileDescriptor)
    {
        int fd = fileDescriptor;
        int result = Register(_fd, RegisterFiles, &fd, 1);
        if (result < 0)
            throw new IOException($"io_uring_register(FILES) failed: {ErrorText(-result)} (errno {-result})");
    }

    /// <summary>Registers buffers (IORING_REGISTER_BUFFERS): their pages are pinned once, not per read, and
    /// IORING_OP_READ_FIXED names them by index.</summary>
    public void RegisterBuffers(ReadOnlySpan<IoVec> buffers)
    {
        fixed (IoVec* vectors = buffers)
        {
            int result = Register(_fd, IoUringNative.RegisterBuffers, vectors, (uint)buffers.Length);
            if (result < 0)
                throw new IOException($"io_uring_register(BUFFERS, {buffers.Length}) failed: {ErrorText(-result)} (errno {-result})" +
                    (-result == 12 ? "; the locked-memory limit (ulimit -l) is too small for the registered buffers" : ""));
        }
    }

    /// <summary>Queues a read of fixed file 0 into <paramref name="destination"/>: IORING_OP_READ_FIXED when
    /// <paramref name="bufferIndex"/> names a registered buffer holding it, IORING_OP_READ when it is negative.
    /// Nothing reaches the kernel until <see cref="Submit"/>. False when the submission queue is full.</summary>
    public bool TryQueueRead(byte* destination, uint length, long fileOffset, int bufferIndex, ulong userData)
    {
        uint head = Volatile.Read(ref *_sqHead);
        if (_localTail - head >= SqEntries)
            return false;
        Sqe* sqe = _sqeArray + (_localTail & _sqMask);
        *sqe = default;
        sqe->Opcode = bufferIndex >= 0 ? OpReadFixed : OpRead;
        sqe->Flags = SqeFixedFile;
        sqe->Fd = 0;
        sqe->Offset = (ulong)fileOffset;
        sqe->Address = (ulong)destination;
        sqe->Length = length;
        sqe->BufferIndex = bufferIndex >= 0 ? (ushort)bufferIndex : (ushort)0;
        sqe->UserData = userData;
        _localTail++;
        _unsubmitted++;
        // Release: the SQE's contents are visible to the kernel before the tail that publishes it.
        Volatile.Write(ref *_sqTail, _localTail);
        return true;
    }

    /// <summary>One io_uring_enter: hands every queued SQE to the kernel and, when <paramref name="waitFor"/> is positive,
    /// waits until that many completions are ready. EINTR returns early (the caller reaps and calls again); EAGAIN and
    /// EBUSY (the kernel is short of resources or the completion queue is full) return without waiting, for the caller to
    /// reap first. Any other error throws.</summary>
    public void Submit(uint waitFor)
    {
        int result = Enter(_fd, _unsubmitted, waitFor, waitFor > 0 ? EnterGetEvents : 0);
        if (result >= 0)
        {
            _unsubmitted -= (uint)Math.Min(result, (int)_unsubmitted);
            return;
        }
        if (-result is ErrnoEintr or ErrnoEagain or ErrnoEbusy)
            return;
        throw new IOException($"io_uring_enter failed: {ErrorText(-result)} (errno {-result})");
    }

    /// <summary>Takes the oldest posted completion, if any, without a system call.</summary>
    public bool TryReap(out ulong userData, out int result)
    {
        uint head = *_cqHead;
        // Acquire: the CQE's contents are read only after the tail that says it is there.
        if (head == Volatile.Read(ref *_cqTail))
        {
            (userData, result) = (0, 0);
            return false;
        }
        Cqe* cqe = _cqes + (head & _cqMask);
        (userData, result) = (cqe->UserData, cqe->Result);
        // Release: the slot is handed back to the kernel only after it has been read.
        Volatile.Write(ref *_cqHead, head + 1);
        return true;
    }

    private nint Map(nuint length, long offset)
    {
        nint address = MapRegion(_fd, length, offset);
        if (address == 0)
        {
            int errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            throw new IoUringUnavailableException(errno, $"mmap of the io_uring ring failed: {ErrorText(errno)} (errno {errno})");
        }
        return address;
    }

    private void Release()
    {
        if (_sqes != 0)
            Munmap(_sqes, _sqesBytes);
        if (_cqRing != 0 && _cqRing != _sqRing)
            Munmap(_cqRing, _cqRingBytes);
        if (_sqRing != 0)
            Munmap(_sqRing, _sqRingBytes);
    }

    /// <summary>Unmaps and closes the ring. The caller drains its reads first: closing a ring does not wait for reads in
    /// flight, and their buffers must outlive them.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Release();
        Libc.Close(_fd);
    }
}

/// <summary>io_uring cannot be used here; <see cref="Exception.Message"/> says why (the kernel's errno and its usual cause).</summary>
public sealed class IoUringUnavailableException(int errno, string message) : IOException(message)
{
    public int Errno { get; } = errno;
}
