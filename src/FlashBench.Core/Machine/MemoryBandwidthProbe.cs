using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FlashBench.Core.Compute;
using MathNet.Numerics.Statistics;

namespace FlashBench.Core.Machine;

/// <summary>A streaming read of a buffer far larger than the last-level cache, with vector loads summed into
/// four accumulators (what a matrix-vector kernel does with its weights, minus the arithmetic), on one core and on
/// every core through persistent <see cref="ComputePool"/> threads (each reads one contiguous slice). The buffer is
/// written once before the first pass, so every page is mapped; one unmeasured pass precedes the measured ones.</summary>
public static unsafe class MemoryBandwidthProbe
{
    /// <summary>Eight times the last-level cache: even a cache that keeps part of a streamed buffer (adaptive
    /// insertion) can serve at most an eighth of it. At least 256 MiB (the size of the kernel benchmark's matrix).</summary>
    public const int CacheMultiple = 8;

    public const long MinimumBufferBytes = 256L << 20;

    public const int DefaultRepetitions = 7;

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
        long bytes = bufferBytes ?? BufferBytesFor(llc, AvailableBytes());
        var buffer = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, 4096);
        try
        {
            // non-zero content, every page touched before timing
            new Span<byte>(buffer, (int)Math.Min(bytes, int.MaxValue)).Fill(0x5A);
            for (long offset = int.MaxValue; offset < bytes; offset += int.MaxValue)
                new Span<byte>(buffer + offset, (int)Math.Min(bytes - offset, int.MaxValue)).Fill(0x5A);
            var one = Samples(ComputePool.Single, buffer, bytes, repetitions);
            var all = Samples(ComputePool.AllCores, buffer, bytes, repetitions);
            return new MemoryBandwidth
            {
                OneCoreGbps = one.Median(),
                AllCoresGbps = all.Median(),
                Threads = ComputePool.AllCores.Threads,
                BufferBytes = bytes,
                LastLevelCacheBytes = llc,
                Repetitions = repetitions,
                OneCoreSamplesGbps = one,
                AllCoresSamplesGbps = all,
                Method = $"streaming read of {bytes >> 20} MiB ({(llc is { } l ? $"{(double)bytes / l:0.#}× the {l >> 20} MiB last-level cache" : "last-level cache unknown")}), "
                    + $"{VectorBytes * 8}-bit loads into 4 accumulators, 1 thread and {ComputePool.AllCores.Threads} persistent threads, median of {repetitions} after 1 unmeasured pass",
            };
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }

    private static double[] Samples(ComputePool pool, byte* buffer, long bytes, int repetitions)
    {
        var job = new ReadJob(buffer, bytes);
        pool.Run(job);
        var samples = new double[repetitions];
        for (int r = 0; r < repetitions; r++)
        {
            long start = Stopwatch.GetTimestamp();
            pool.Run(job);
            samples[r] = bytes / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9;
        }
        if (job.Sink == 0x5A5A5A5A_5A5A5A5AUL)
            throw new InvalidOperationException("unreachable: keeps the reads observable");
        return samples;
    }

    private static long AvailableBytes()
    {
        string? value = ProcFiles.FirstValue("/proc/meminfo", "MemAvailable");
        return value is not null && long.TryParse(value.Split(' ')[0], out long kib) ? kib * 1024 : 4L << 30;
    }

    private static int VectorBytes => Vector512.IsHardwareAccelerated ? 64 : Vector256.IsHardwareAccelerated ? 32 : 16;

    private sealed class ReadJob(byte* buffer, long bytes) : IComputeJob
    {
        private ulong _sink;

        public ulong Sink => _sink;

        public void Run(int part, int parts)
        {
            long blocks = bytes / 256;
            long start = blocks * part / parts * 256;
            long end = blocks * (part + 1) / parts * 256;
            Interlocked.Add(ref _sink, Read(buffer + start, end - start));
        }
    }

    /// <summary>Sums <paramref name="length"/> bytes (a multiple of 256) as 64-bit lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static ulong Read(byte* p, long length)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<ulong> a0 = default, a1 = default, a2 = default, a3 = default;
            for (long i = 0; i < length; i += 256)
            {
                a0 += Vector512.Load((ulong*)(p + i));
                a1 += Vector512.Load((ulong*)(p + i + 64));
                a2 += Vector512.Load((ulong*)(p + i + 128));
                a3 += Vector512.Load((ulong*)(p + i + 192));
            }
            return Vector512.Sum(a0 + a1 + a2 + a3);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<ulong> a0 = default, a1 = default, a2 = default, a3 = default;
            for (long i = 0; i < length; i += 128)
            {
                a0 += Vector256.Load((ulong*)(p + i));
                a1 += Vector256.Load((ulong*)(p + i + 32));
                a2 += Vector256.Load((ulong*)(p + i + 64));
                a3 += Vector256.Load((ulong*)(p + i + 96));
            }
            return Vector256.Sum(a0 + a1 + a2 + a3);
        }
        Vector128<ulong> b0 = default, b1 = default, b2 = default, b3 = default;
        for (long i = 0; i < length; i += 64)
        {
            b0 += Vector128.Load((ulong*)(p + i));
            b1 += Vector128.Load((ulong*)(p + i + 16));
            b2 += Vector128.Load((ulong*)(p + i + 32));
            b3 += Vector128.Load((ulong*)(p + i + 48));
        }
        return Vector128.Sum(b0 + b1 + b2 + b3);
    }
}
