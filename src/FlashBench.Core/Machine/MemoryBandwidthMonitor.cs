using System.Diagnostics;
using System.Runtime.InteropServices;
using FlashBench.Core.Compute;
using MathNet.Numerics.Statistics;

namespace FlashBench.Core.Machine;

/// <summary>The probe's buffer kept for a whole experiment, so that a pass of the probe's read can run right beside
/// each measurement it judges (a latency token, a kernel benchmark). A shared virtual machine's memory bandwidth
/// moves by a third within minutes; a kernel's GB/s divided by a probe taken minutes earlier measures that drift, not
/// the kernel. The buffer is written once (every page mapped, non-zero content) when the monitor is created.</summary>
public sealed unsafe class MemoryBandwidthMonitor : IDisposable
{
    private byte* _buffer;

    public MemoryBandwidthMonitor(long bufferBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferBytes, 4096);
        BufferBytes = bufferBytes / 4096 * 4096;
        _buffer = (byte*)NativeMemory.AlignedAlloc((nuint)BufferBytes, 4096);
        for (long offset = 0; offset < BufferBytes; offset += int.MaxValue)
            new Span<byte>(_buffer + offset, (int)Math.Min(BufferBytes - offset, int.MaxValue)).Fill(0x5A);
    }

    public long BufferBytes { get; }

    /// <summary>GB/s of each of <paramref name="passes"/> timed reads of the whole buffer on <paramref name="pool"/>'s
    /// threads, each thread its slice as <paramref name="streams"/> interleaved streams.</summary>
    public double[] Samples(ComputePool pool, int streams, int passes)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        var job = new ReadJob(_buffer, BufferBytes, streams);
        var samples = new double[passes];
        for (int r = 0; r < passes; r++)
        {
            long start = Stopwatch.GetTimestamp();
            pool.Run(job);
            samples[r] = BufferBytes / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9;
        }
        if (job.Sink == 0x5A5A5A5A_5A5A5A5AUL)
            throw new InvalidOperationException("unreachable: keeps the reads observable");
        return samples;
    }

    /// <summary>The probe's ceiling variant (<see cref="MemoryBandwidthProbe.Streams"/> streams per thread) on
    /// <paramref name="threads"/> threads (1: one core; otherwise every core), median of <paramref name="passes"/>.</summary>
    public double Measure(int threads, int passes = 1) =>
        Samples(threads <= 1 ? ComputePool.Single : ComputePool.AllCores, MemoryBandwidthProbe.Streams, passes).Median();

    public void Dispose()
    {
        if (_buffer is null)
            return;
        NativeMemory.AlignedFree(_buffer);
        _buffer = null;
    }

    private sealed class ReadJob(byte* buffer, long bytes, int streams) : IComputeJob
    {
        private ulong _sink;

        public ulong Sink => _sink;

        public void Run(int part, int parts)
        {
            long blocks = bytes / MemoryBandwidthProbe.Block;
            long start = blocks * part / parts * MemoryBandwidthProbe.Block;
            long end = blocks * (part + 1) / parts * MemoryBandwidthProbe.Block;
            Interlocked.Add(ref _sink, MemoryBandwidthProbe.Read(buffer + start, end - start, streams));
        }
    }
}
