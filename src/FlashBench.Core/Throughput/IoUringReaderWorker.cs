using System.Diagnostics;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput.Offsets;
using HdrHistogram;

namespace FlashBench.Core.Throughput;

/// <summary>One io_uring reader thread: its own ring with <c>depth</c> registered slots of one chunk each, kept full.
/// Every pass of the loop queues a read into each free slot at the next claimed offset, hands the batch to the kernel and
/// waits for <see cref="IoUringQueue.ReapBatch"/> completions in the same io_uring_enter, then reaps every posted
/// completion from the ring.
/// Counting is the blocking reader's (<see cref="ReaderWorker"/>) and fio's: a read counts when its completion is reaped
/// inside the window (the pass that crosses the window's end included, as the blocking reader counts the read that
/// crosses it), the reader stops queueing at the end, and the runtime ends at the last counted completion. The reads
/// still in flight then are waited for and discarded (their bytes are not counted), so the reader returns with nothing
/// in flight, also when cancelled or failing. Built on its reader thread; allocates nothing in a window.</summary>
internal sealed class IoUringReaderWorker : IReaderWorker
{
    private readonly IoUringQueue _queue;
    private readonly long[] _offsets;
    private readonly long[] _rereads;
    private readonly long[] _issued;
    private readonly int[] _free;
    private readonly byte[]? _expected;
    private readonly int _chunk;

    /// <param name="builtOnReaderThread">True when the thread constructing the worker is the only one that will call
    /// <see cref="Read"/> (the throughput runner's reader threads): the ring is then single-issuer, as fio's. A worker built
    /// on one thread and used on another (the micro-benchmark's case, prepared before BenchmarkDotNet's runner thread
    /// calls it) must pass false: the kernel refuses submissions to a single-issuer ring from any other thread.</param>
    public IoUringReaderWorker(IoUringReadPath path, int chunkBytes, int depth, bool verify, bool builtOnReaderThread = true)
    {
        _chunk = chunkBytes;
        _queue = path.OpenQueue(depth, (int)TimedSlotReader.RoundUp(chunkBytes, Native.AlignedBuffer.Alignment), singleIssuer: builtOnReaderThread);
        _offsets = new long[depth];
        _rereads = new long[depth];
        _issued = new long[depth];
        _free = new int[depth];
        _expected = verify ? new byte[chunkBytes] : null;
        Histogram = new LongHistogram(ReaderWorker.HighestTrackableTicks, 3);
    }

    public LongHistogram Histogram { get; }


    public int Depth => _queue.Depth;

    /// <summary>Reads the ring still owes (0 whenever <see cref="Read"/> has returned).</summary>
    public int InFlight => _queue.InFlight;

    /// <summary>Completions posted that were never reaped (0 when nothing was left in flight).</summary>
    public int CompletionsWaiting => _queue.CompletionsWaiting;

    public unsafe ReaderTally Read(ReadPath path, RunReadMap map, ulong streamKey, TestFileHeader header, long windowTicks, int minReads,
        CancellationToken cancel = default)
    {
        Histogram.Reset();
        var stream = map.OpenStream(_chunk, streamKey);
        int depth = _queue.Depth, free = depth, reapBatch = _queue.ReapBatch;
        for (int i = 0; i < depth; i++)
            _free[i] = depth - 1 - i;
        long reads = 0, bytes = 0, reread = 0, failures = 0;
        long start = Stopwatch.GetTimestamp();
        long deadline = start + windowTicks;
        long lastCompletion = start;
        try
        {
            while (true)
            {
                long issued = Stopwatch.GetTimestamp();
                // past the window's end only the reads still short of minReads go out: a call asked for N reads (the
                // micro benchmark's per-read figure divides by N) completes N, not N plus whatever a reap batch left queued
                long wanted = issued >= deadline ? Math.Max(0, minReads - reads - _queue.InFlight) : free;
                for (long queued = 0; free > 0 && queued < wanted; queued++)
                {
                    int slot = _free[--free];
                    _offsets[slot] = map.Next(ref stream, out _rereads[slot]);
                    _issued[slot] = issued;
                    _queue.QueueSlot(slot, _offsets[slot], _chunk);
                }
                _queue.SubmitAndWait(reapBatch);
                long now = Stopwatch.GetTimestamp();
                bool any = false;
                while (_queue.TryComplete(out int slot))
                {
                    var data = _queue.Completed(slot);
                    if (data.Length != _chunk)
                        throw new IOException($"short read: {data.Length} of {_chunk} bytes at {_offsets[slot]}");
                    Histogram.RecordValue(now - _issued[slot]);
                    if (_expected is not null)
                    {
                        header.ExpectedContent(_expected, _offsets[slot]);
                        if (!data.SequenceEqual(_expected))
                            failures++;
                    }
                    reads++;
                    bytes += _chunk;
                    reread += _rereads[slot];
                    _free[free++] = slot;
                    any = true;
                }
                if (any)
                    lastCompletion = now;
                if ((now >= deadline && reads >= minReads) || cancel.IsCancellationRequested)
                    break;
            }
        }
        finally
        {
            _queue.Drain();
        }
        return new ReaderTally(reads, bytes, reread, lastCompletion - start, failures);
    }

    public void Dispose() => _queue.Dispose();
}
