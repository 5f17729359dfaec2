using System.Diagnostics;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Native;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Adapters;

/// <summary>One adapter swap from flash: the adapter's regions (<see cref="AdapterStore.Regions"/>) cut into reads of at
/// most <c>chunkBytes</c>, issued through the dense loader (<see cref="ParallelReader"/>: reader threads, or one ring of
/// that depth for io_uring) into a DRAM buffer that holds the adapter's layer blocks back to back. Opening the file and
/// the reader is not timed; <see cref="Read"/> is: the reads and the copies into the buffer.</summary>
public sealed class AdapterSwap : IDisposable
{
    private readonly ReadPath _path;
    private readonly ParallelReader _reader;
    private readonly List<(long Offset, int Length, long Destination)> _plan;

    public AdapterSwap(AdapterStore store, int adapter, ReadMethod method, int readsInFlight, int chunkBytes)
    {
        if (chunkBytes <= 0 || chunkBytes % LoraGeometry.Alignment != 0)
            throw new ArgumentException($"the read size must be a positive multiple of {LoraGeometry.Alignment} bytes, got {chunkBytes}");
        Store = store;
        Adapter = adapter;
        FilePath = store.FileOf(adapter);
        _plan = Plan(store.Regions(adapter), chunkBytes);
        _path = ReadPath.Open(method, FilePath);
        try
        {
            _reader = new ParallelReader(_path, readsInFlight, chunkBytes);
        }
        catch
        {
            _path.Dispose();
            throw;
        }
    }

    public AdapterStore Store { get; }
    public int Adapter { get; }
    public string FilePath { get; }

    /// <summary>Reads a swap issues.</summary>
    public int Reads => _plan.Count;

    /// <summary>Bytes a swap reads: every layer block of the adapter, padding included.</summary>
    public long Bytes => _plan.Sum(r => (long)r.Length);

    /// <summary>The mean read size, the size the raw curve is read at beside it.</summary>
    public long MeanReadBytes => Bytes / Reads;

    /// <summary>The reads of <paramref name="regions"/> (in order, landing back to back in DRAM) at most
    /// <paramref name="chunkBytes"/> long: file offset, length and offset in the destination.</summary>
    public static List<(long Offset, int Length, long Destination)> Plan(IReadOnlyList<(long Offset, long Length)> regions, int chunkBytes)
    {
        var reads = new List<(long, int, long)>();
        long destination = 0;
        foreach (var (offset, length) in regions)
        {
            for (long done = 0; done < length; done += chunkBytes)
                reads.Add((offset + done, (int)Math.Min(chunkBytes, length - done), destination + done));
            destination += length;
        }
        return reads;
    }

    /// <summary>Reads the adapter into <paramref name="destination"/> (at least <see cref="LoraGeometry.AdapterBlockBytes"/>).</summary>
    public unsafe AdapterSwapResult Read(AlignedBuffer destination)
    {
        if (destination.Length < Store.Geometry.AdapterBlockBytes)
            throw new ArgumentException($"the adapter buffer holds {destination.Length} bytes, a swap reads {Store.Geometry.AdapterBlockBytes}");
        nint start = (nint)destination.Pointer;
        var requests = _plan.Select(r => ReadRequest.Contiguous(r.Offset, r.Length, start + (nint)r.Destination, r.Length)).ToList();
        long started = Stopwatch.GetTimestamp();
        var (bytes, reads) = _reader.Read(requests);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new AdapterSwapResult(bytes, reads, elapsed);
    }

    public void Dispose()
    {
        _reader.Dispose();
        _path.Dispose();
    }
}

/// <summary>What one swap read and how long it took.</summary>
public readonly record struct AdapterSwapResult(long Bytes, long Reads, TimeSpan Elapsed)
{
    public double MBps => Elapsed > TimeSpan.Zero ? Bytes / Elapsed.TotalSeconds / 1e6 : 0;
}
