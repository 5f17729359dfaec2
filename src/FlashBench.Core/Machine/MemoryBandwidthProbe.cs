using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FlashBench.Core.Compute;
using MathNet.Numerics.Statistics;

namespace FlashBench.Core.Machine;

/// <summary>A streaming read of a buffer far larger than the last-level cache, with vector loads summed into
/// accumulators (what a matrix-vector kernel does with its weights, minus the arithmetic), on one core and on every
/// core through persistent <see cref="ComputePool"/> threads (each reads one contiguous slice), each thread reading
/// its slice as one sequential stream and as <see cref="Streams"/> interleaved streams; the faster variant is the
/// ceiling. The buffer is written once before the first pass, so every page is mapped; one unmeasured pass precedes
/// the measured ones of each variant.</summary>
public static unsafe class MemoryBandwidthProbe
{
    /// <summary>Eight times the last-level cache: even a cache that keeps part of a streamed buffer (adaptive
    /// insertion) can serve at most an eighth of it. At least 256 MiB (the size of the kernel benchmark's matrix).</summary>
    public const int CacheMultiple = 8;

    public const long MinimumBufferBytes = 256L << 20;

    public const int DefaultRepetitions = 7;

    /// <summary>Interleaved streams per thread in the multi-stream variant: on this project's reference machine one
    /// core read 11–14 GB/s from one stream and 17–19 GB/s from 4–8 (more misses in flight); the fp16 kernel reads four rows at once.</summary>
    public const int Streams = 8;

    /// <summary>The buffer the probe reads here: <see cref="CacheMultiple"/> × LLC, at least
    /// <see cref="MinimumBufferBytes"/>, at most a quarter of the memory available now (other processes share the machine).</summary>
    public static long BufferBytesFor(long? lastLevelCacheBytes, long availableBytes)
    {
        long wanted = Math.Max(MinimumBufferBytes, CacheMultiple * (lastLevelCacheBytes ?? 0));
        long cap = Math.Max(MinimumBufferBytes, availableBytes / 4);
        return Math.Min(wanted, cap) / 4096 * 4096;
    }

    public static MemoryBandwidth Measure(int repetitions = DefaultRepetitions, long? bufferBytes = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repetitions);
        long? llc = CpuCaches.LastLevelBytes(CpuCaches.Read());
        using var monitor = new MemoryBandwidthMonitor(bufferBytes ?? BufferBytesFor(llc, AvailableBytes()));
        long bytes = monitor.BufferBytes;
        var oneSingle = Samples(monitor, ComputePool.Single, 1, repetitions);
        var oneMulti = Samples(monitor, ComputePool.Single, Streams, repetitions);
        var allSingle = Samples(monitor, ComputePool.AllCores, 1, repetitions);
        var allMulti = Samples(monitor, ComputePool.AllCores, Streams, repetitions);
        var one = oneMulti.Median() >= oneSingle.Median() ? oneMulti : oneSingle;
        var all = allMulti.Median() >= allSingle.Median() ? allMulti : allSingle;
        return new MemoryBandwidth
        {
            OneCoreGbps = one.Median(),
            AllCoresGbps = all.Median(),
            SingleStreamOneCoreGbps = oneSingle.Median(),
            SingleStreamAllCoresGbps = allSingle.Median(),
            Threads = ComputePool.AllCores.Threads,
            BufferBytes = bytes,
            LastLevelCacheBytes = llc,
            Repetitions = repetitions,
            OneCoreSamplesGbps = one,
            AllCoresSamplesGbps = all,
            Method = $"streaming read of {bytes >> 20} MiB ({(llc is { } l ? $"{(double)bytes / l:0.#}× the {l >> 20} MiB last-level cache" : "last-level cache unknown")}), "
                + $"{VectorBytes * 8}-bit loads, 1 thread and {ComputePool.AllCores.Threads} persistent threads, each thread one stream or {Streams} interleaved streams "
                + $"(ceiling = the faster: {(one == oneMulti ? Streams : 1)} on one core, {(all == allMulti ? Streams : 1)} on all), median of {repetitions} after 1 unmeasured pass",
        };
    }

    /// <summary>One unmeasured pass, then <paramref name="repetitions"/> timed ones.</summary>
    private static double[] Samples(MemoryBandwidthMonitor monitor, ComputePool pool, int streams, int repetitions)
    {
        monitor.Samples(pool, streams, 1);
        return monitor.Samples(pool, streams, repetitions);
    }

    private static long AvailableBytes()
    {
        string? value = ProcFiles.FirstValue("/proc/meminfo", "MemAvailable");
        return value is not null && long.TryParse(value.Split(' ')[0], out long kib) ? kib * 1024 : 4L << 30;
    }

    private static int VectorBytes => Vector512.IsHardwareAccelerated ? 64 : 16;

    /// <summary>Granularity of a stream: two 512-bit loads.</summary>
    internal const int Block = 128;

    /// <summary>Sums <paramref name="length"/> bytes as 64-bit lanes, reading <paramref name="streams"/> equal
    /// sub-slices in turn, <see cref="Block"/> bytes of each; the tail past the last whole round of blocks is read alone.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong Read(byte* p, long length, int streams = 1)
    {
        long slice = length / streams / Block * Block;
        ulong sum = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<ulong> a0 = default, a1 = default;
            for (long i = 0; i < slice; i += Block)
            {
                for (int s = 0; s < streams; s++)
                {
                    byte* q = p + s * slice + i;
                    a0 += Vector512.Load((ulong*)q);
                    a1 += Vector512.Load((ulong*)(q + 64));
                }
            }
            sum = Vector512.Sum(a0 + a1);
        }
        else
        {
            Vector128<ulong> b0 = default, b1 = default;
            for (long i = 0; i < slice; i += Block)
            {
                for (int s = 0; s < streams; s++)
                {
                    byte* q = p + s * slice + i;
                    for (int v = 0; v < Block; v += 32)
                    {
                        b0 += Vector128.Load((ulong*)(q + v));
                        b1 += Vector128.Load((ulong*)(q + v + 16));
                    }
                }
            }
            sum = Vector128.Sum(b0 + b1);
        }
        for (long i = slice * streams; i + 8 <= length; i += 8)
            sum += *(ulong*)(p + i);
        return sum;
    }
}
