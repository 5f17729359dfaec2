using FlashBench.Core.Native;
using FlashBench.Core.Native.IoUring;

namespace FlashBench.Core.ReadPaths;

/// <summary>Up to <see cref="Depth"/> reads of one O_DIRECT file in flight on one ring: the file registered as fixed
/// file 0, and, when the queue owns its buffers, <see cref="Depth"/> page-aligned slots registered as fixed buffers
/// (IORING_OP_READ_FIXED). A read is named by its slot. Reads are queued, handed to the kernel in one
/// io_uring_enter (<see cref="SubmitAndWait"/>) and reaped from the completion ring without a system call
/// (<see cref="TryComplete"/>). A short read is continued from where it stopped and -EAGAIN/-EINTR are retried, so a
/// slot completes only when all its bytes are in (or the file ended). Not thread-safe: one queue per reader thread.
/// Allocates nothing after construction.</summary>
public sealed unsafe class IoUringQueue : IDisposable
{
    private readonly IoUringRing _ring;
    private readonly AlignedBuffer? _slots;
    private readonly Request[] _requests;
    private bool _disposed;

    private struct Request
    {
        public byte* Destination;
        public long Offset;
        public int Length;
        public int Done;
        public int BufferIndex;
    }

    /// <summary>A queue of <paramref name="depth"/> reads of <paramref name="file"/> (opened with O_DIRECT); with
    /// <paramref name="slotBytes"/> &gt; 0 it owns <paramref name="depth"/> registered slots of that size.</summary>
    /// <param name="singleIssuer">Only the constructing thread submits to the queue (<see cref="IoUringRing.Create"/>).</param>
    public IoUringQueue(UnixFileHandle file, int depth, int slotBytes, bool singleIssuer = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(depth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(depth, MaxDepth);
        ArgumentOutOfRangeException.ThrowIfNegative(slotBytes);
        Depth = depth;
        SlotBytes = slotBytes;
        _requests = new Request[depth];
        _ring = IoUringRing.Create((uint)depth, singleIssuer);
        try
        {
            _ring.RegisterFile(file.Descriptor);
            if (slotBytes > 0)
            {
                if (slotBytes % AlignedBuffer.Alignment != 0)
                    throw new ArgumentException($"slots of {slotBytes} bytes are not whole pages", nameof(slotBytes));
                _slots = new AlignedBuffer(checked(depth * slotBytes));
                var vectors = new IoUringNative.IoVec[depth];
                for (int i = 0; i < depth; i++)
                    vectors[i] = new IoUringNative.IoVec { Base = (nint)(_slots.Pointer + (long)i * slotBytes), Length = (nuint)slotBytes };
                _ring.RegisterBuffers(vectors);
            }
        }
        catch
        {
            _ring.Dispose();
            _slots?.Dispose();
            throw;
        }
    }

    /// <summary>io_uring's submission queue holds at most 32768 entries; 4096 is far past any depth a device rewards.</summary>
    public const int MaxDepth = 4096;

    public int Depth { get; }

    /// <summary>Completions a reader waits for in one io_uring_enter before it refills the ring: a quarter of the depth (1 up
    /// to depth 7). Waiting for one refilled the ring a read or two at a time, one submission (on a virtio disk, one
    /// notification of the host) per read or two: at 4 KiB × 32 in flight the throughput reader read 0.82–0.89 × fio's
    /// io_uring in every cross-check. Waiting for 4, 8 and 16 read 0.87–0.90, 0.94–0.96 and 0.89–0.91 × fio alternating
    /// with it (2026-12-05, 2-core EPYC VM, virtio); with a quarter, the ring stays at least three quarters full.</summary>
    public int ReapBatch => Math.Max(1, Depth / 4);

    /// <summary>Bytes of each owned slot; 0 when reads go to the caller's memory.</summary>
    public int SlotBytes { get; }

    /// <summary>Reads handed to the queue and not yet reaped: every one of them may still be written by the device.</summary>
    public int InFlight { get; private set; }

    /// <summary>Completions the kernel has posted that nobody reaped (0 once a queue is drained and no read is left).</summary>
    public int CompletionsWaiting => (int)_ring.CompletionsReady;

    /// <summary>The owned slot's memory.</summary>
    public byte* SlotPointer(int slot) => _slots is { } s ? s.Pointer + (long)slot * SlotBytes : throw new InvalidOperationException("this queue owns no slots");

    /// <summary>The bytes a completed read of <paramref name="slot"/> brought in.</summary>
    public ReadOnlySpan<byte> Completed(int slot) => new(_requests[slot].Destination, _requests[slot].Done);

    /// <summary>Queues a read of <paramref name="length"/> bytes at <paramref name="offset"/> into owned slot
    /// <paramref name="slot"/> (READ_FIXED).</summary>
    public void QueueSlot(int slot, long offset, int length)
    {
        if ((uint)length > (uint)SlotBytes)
            throw new ArgumentOutOfRangeException(nameof(length), $"{length} bytes do not fit a {SlotBytes}-byte slot");
        Queue(slot, SlotPointer(slot), offset, length, bufferIndex: slot);
    }

    /// <summary>Queues a read into the caller's page-aligned memory (IORING_OP_READ: not a registered buffer). The memory
    /// must stay valid until the read completes.</summary>
    public void QueueInto(int slot, byte* destination, long offset, int length) => Queue(slot, destination, offset, length, bufferIndex: -1);

    private void Queue(int slot, byte* destination, long offset, int length, int bufferIndex)
    {
        if (offset % 512 != 0 || length % 512 != 0 || length <= 0 || ((nint)destination & 511) != 0)
            throw new ArgumentException($"O_DIRECT needs block-aligned offsets, lengths and memory (offset {offset}, length {length})");
        ref var request = ref _requests[slot];
        request = new Request { Destination = destination, Offset = offset, Length = length, Done = 0, BufferIndex = bufferIndex };
        Enqueue(slot, ref request);
        InFlight++;
    }

    private void Enqueue(int slot, ref Request request)
    {
        // The submission queue has at least Depth entries and at most Depth reads are ever queued, so there is room.
        if (!_ring.TryQueueRead(request.Destination + request.Done, (uint)(request.Length - request.Done), request.Offset + request.Done,
                request.BufferIndex, (ulong)slot))
            throw new InvalidOperationException("io_uring submission queue full: more reads queued than its depth");
    }

    /// <summary>Hands every queued read to the kernel in one system call and, when <paramref name="waitFor"/> is positive,
    /// waits until that many completions (at most the reads in flight) are posted or a signal interrupts the wait.</summary>
    public void SubmitAndWait(int waitFor) => _ring.Submit((uint)Math.Clamp(waitFor, 0, InFlight));

    /// <summary>Reaps posted completions until one finishes a read: its slot, true. A short read is queued again for its
    /// remaining bytes (and -EAGAIN/-EINTR for all of them), to be submitted by the next <see cref="SubmitAndWait"/>; a
    /// read at end of file completes with the bytes it got. Any other error throws, that read no longer in flight.</summary>
    public bool TryComplete(out int slot)
    {
        while (_ring.TryReap(out ulong userData, out int result))
        {
            slot = (int)userData;
            ref var request = ref _requests[slot];
            if (result is -IoUringNative.ErrnoEagain or -IoUringNative.ErrnoEintr)
            {
                Enqueue(slot, ref request);
                continue;
            }
            if (result < 0)
            {
                InFlight--;
                throw new IOException($"io_uring read of {request.Length - request.Done} bytes at {request.Offset + request.Done} failed: {IoUringNative.ErrorText(-result)} (errno {-result})");
            }
            request.Done += result;
            if (result > 0 && request.Done < request.Length)
            {
                Enqueue(slot, ref request);
                continue;
            }
            InFlight--;
            return true;
        }
        slot = -1;
        return false;
    }

    /// <summary>Waits for every read in flight and discards them, errors included: after it, the device writes into no
    /// buffer of this queue. Called at the end of every window, and before the queue's memory is freed.</summary>
    public void Drain()
    {
        while (InFlight > 0)
        {
            SubmitAndWait(1);
            // Any completion ends its read: a discarded read is not continued or retried.
            while (_ring.TryReap(out _, out _))
                InFlight--;
        }
    }

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Drain();
        _ring.Dispose();
        _slots?.Dispose();
    }
}
