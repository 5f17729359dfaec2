using System.Runtime.CompilerServices;
using FlashBench.Core.Native;
using FlashBench.Core.Parallel;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Inference.Engine;

/// <summary>Issues a batch of <see cref="ReadRequest"/>s through one <see cref="ReadPath"/> on a
/// <see cref="ReaderPool"/> (the paper reads with 32 threads, §4.1): worker w takes requests w, w+T, …,
/// reads each into its own aligned buffer and copies the pieces to their DRAM rows. On an <see cref="IoUringReadPath"/>
/// the batch goes on one ring from the calling thread instead, T reads in flight, each into a registered slot whose
/// pieces are copied to their rows as it completes (as the loaders read on a ring, <see cref="Loading.NeuronLoader"/>).</summary>
public sealed unsafe class ParallelReader : IDisposable, IRingBatch
{
    private readonly ReaderPool? _pool;
    private readonly IoUringQueue? _queue;
    private readonly int[] _free = [];
    private readonly int[] _slotRequest = [];
    private readonly AlignedBuffer[] _buffers;
    private readonly long[] _bytes;
    private readonly long[] _reads;
    private ReadRequest[] _batch = [];
    private int _count;

    public ParallelReader(ReadPath path, int threads, int maxReadBytes)
    {
        Path = path;
        MaxReadBytes = maxReadBytes;
        ReadsInFlight = threads;
        if (path is IoUringReadPath ring)
        {
            _queue = ring.OpenQueue(threads, (int)TimedSlotReader.RoundUp(maxReadBytes, AlignedBuffer.Alignment));
            _free = new int[threads];
            _slotRequest = new int[threads];
            _buffers = [];
            threads = 1;
        }
        else
        {
            _pool = new ReaderPool(threads);
            _buffers = Enumerable.Range(0, threads).Select(_ => new AlignedBuffer(maxReadBytes)).ToArray();
        }
        _bytes = new long[threads * 8]; // one cache line per worker
        _reads = new long[threads * 8];
    }

    public ReadPath Path { get; }
    public int MaxReadBytes { get; }
    /// <summary>Reader threads: one for a ring.</summary>
    public int Threads => _pool?.ThreadCount ?? 1;

    /// <summary>Reads in flight: one per thread, or the ring's depth.</summary>
    public int ReadsInFlight { get; }

    /// <summary>Reads the ring still owes (0 whenever <see cref="Read"/> has returned); 0 without a ring.</summary>
    public int RingInFlight => _queue?.InFlight ?? 0;

    /// <summary>Reads every request; returns bytes read from the file and the number of reads.</summary>
    public (long Bytes, long Reads) Read(IReadOnlyList<ReadRequest> requests)
    {
        if (requests.Count == 0)
            return (0, 0);
        if (_batch.Length < requests.Count)
            _batch = new ReadRequest[requests.Count];
        for (int i = 0; i < requests.Count; i++)
        {
            if (requests[i].Length > MaxReadBytes)
                throw new ArgumentException($"read of {requests[i].Length} bytes exceeds the {MaxReadBytes}-byte buffers");
            _batch[i] = requests[i];
        }
        _count = requests.Count;
        Array.Clear(_bytes);
        Array.Clear(_reads);
        if (_queue is not null)
        {
            RingBatch.Run(_queue, _count, _free, this);
            return (_bytes[0], _reads[0]);
        }
        _pool!.Run(Worker);
        long bytes = 0, reads = 0;
        for (int w = 0; w < Threads; w++)
        {
            bytes += _bytes[w * 8];
            reads += _reads[w * 8];
        }
        return (bytes, reads);
    }

    private void Worker(int index)
    {
        var buffer = _buffers[index];
        long bytes = 0, reads = 0;
        for (int i = index; i < _count; i += Threads)
        {
            var request = _batch[i];
            var data = Path.Read(request.FileOffset, request.Length, buffer);
            Place(request, data);
            bytes += data.Length;
            reads++;
        }
        _bytes[index * 8] = bytes;
        _reads[index * 8] = reads;
    }

    /// <summary>Checks a read's length and copies its pieces to their rows.</summary>
    private static void Place(in ReadRequest request, ReadOnlySpan<byte> data)
    {
        if (data.Length != request.Length)
            throw new IOException($"short read: {data.Length} of {request.Length} bytes at {request.FileOffset}");
        fixed (byte* source = data)
        {
            for (int p = 0; p < request.Pieces; p++)
            {
                Unsafe.CopyBlockUnaligned((byte*)request.Destination + (long)p * request.DestinationStride,
                    source + (long)p * request.SourceStride, (uint)request.PieceBytes);
            }
        }
    }

    void IRingBatch.Queue(IoUringQueue queue, int slot, int index)
    {
        _slotRequest[slot] = index;
        queue.QueueSlot(slot, _batch[index].FileOffset, _batch[index].Length);
    }

    void IRingBatch.Completed(IoUringQueue queue, int slot)
    {
        var data = queue.Completed(slot);
        Place(_batch[_slotRequest[slot]], data);
        _bytes[0] += data.Length;
        _reads[0]++;
    }

    public void Dispose()
    {
        _pool?.Dispose();
        _queue?.Dispose();
        foreach (var buffer in _buffers)
            buffer.Dispose();
    }
}
