using System.Runtime.CompilerServices;
using FlashBench.Core.Native;
using FlashBench.Core.Parallel;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Inference.Engine;

/// <summary>Issues a batch of <see cref="ReadRequest"/>s through one <see cref="ReadPath"/> on a
/// <see cref="ReaderPool"/> (the paper reads with 32 threads, §4.1): worker w takes requests w, w+T, …,
/// reads each into its own aligned buffer and copies the pieces to their DRAM rows.</summary>
public sealed unsafe class ParallelReader : IDisposable
{
    private readonly ReaderPool _pool;
    private readonly AlignedBuffer[] _buffers;
    private readonly long[] _bytes;
    private readonly long[] _reads;
    private ReadRequest[] _batch = [];
    private int _count;

    public ParallelReader(ReadPath path, int threads, int maxReadBytes)
    {
        Path = path;
        MaxReadBytes = maxReadBytes;
        _pool = new ReaderPool(threads);
        _buffers = Enumerable.Range(0, threads).Select(_ => new AlignedBuffer(maxReadBytes)).ToArray();
        _bytes = new long[threads * 8]; // one cache line per worker
        _reads = new long[threads * 8];
    }

    public ReadPath Path { get; }
    public int MaxReadBytes { get; }
    public int Threads => _pool.ThreadCount;

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
        _pool.Run(Worker);
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
            bytes += data.Length;
            reads++;
        }
        _bytes[index * 8] = bytes;
        _reads[index * 8] = reads;
    }

    public void Dispose()
    {
        _pool.Dispose();
        foreach (var buffer in _buffers)
            buffer.Dispose();
    }
}
