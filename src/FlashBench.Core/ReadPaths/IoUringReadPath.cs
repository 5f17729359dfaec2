using FlashBench.Core.Native;

namespace FlashBench.Core.ReadPaths;

/// <summary>io_uring on a descriptor opened with O_DIRECT, through raw system calls (see docs/architecture.md).
/// <see cref="Read"/> is one read at a time, on a ring of the calling thread's own (IORING_OP_READ into the caller's
/// buffer, which is not registered); readers that keep many reads in flight open an <see cref="IoUringQueue"/> of their
/// own with <see cref="OpenQueue"/> (registered slots, IORING_OP_READ_FIXED).</summary>
public sealed unsafe class IoUringReadPath : ReadPath
{
    private readonly UnixFileHandle _handle;
    private readonly ThreadLocal<IoUringQueue> _perThread;

    public IoUringReadPath(string filePath) : base(filePath)
    {
        _handle = UnixFileHandle.OpenReadOnly(filePath, bypassCache: true);
        _perThread = new ThreadLocal<IoUringQueue>(() => new IoUringQueue(_handle, depth: 1, slotBytes: 0), trackAllValues: true);
    }

    public override ReadMethod Method => ReadMethod.IoUring;

    /// <summary>A queue of <paramref name="depth"/> reads on a new ring with <paramref name="depth"/> registered slots of
    /// <paramref name="slotBytes"/>, for one reader thread; the caller disposes it.</summary>
    /// <param name="singleIssuer">Only the calling thread will use the queue: the ring is set up as fio's (see <see cref="Native.IoUring.IoUringRing.Create"/>).</param>
    public IoUringQueue OpenQueue(int depth, int slotBytes, bool singleIssuer = false) => new(_handle, depth, slotBytes, singleIssuer);

    public override ReadOnlySpan<byte> Read(long offset, int length, AlignedBuffer buffer)
    {
        CheckRange(offset, length);
        if (length > buffer.Length)
            throw new ArgumentOutOfRangeException(nameof(length), $"{length} bytes do not fit a {buffer.Length}-byte buffer");
        var queue = _perThread.Value!;
        queue.QueueInto(0, buffer.Pointer, offset, length);
        try
        {
            while (true)
            {
                queue.SubmitAndWait(1);
                if (queue.TryComplete(out _))
                    return queue.Completed(0);
            }
        }
        finally
        {
            queue.Drain();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var queue in _perThread.Values)
                queue.Dispose();
            _perThread.Dispose();
            _handle.Dispose();
        }
    }
}
