using System.Runtime.InteropServices;
using FlashBench.Core.Compute;
using FlashBench.Core.Machine;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Compute;

/// <summary>The probe's pure parts: sysfs cache sizes, the buffer it picks, the read loop's sum (every byte read
/// once), and the ratio of a kernel's GB/s to the probe's. Its timings are never asserted.</summary>
public sealed unsafe class MemoryBandwidthProbeTests
{
    [Theory]
    [InlineData("48K", 48L << 10)]
    [InlineData("307200K", 300L << 20)]
    [InlineData("32M", 32L << 20)]
    [InlineData("1G", 1L << 30)]
    [InlineData("4096", 4096L)]
    [InlineData("", null)]
    [InlineData("big", null)]
    public void Parses_sysfs_cache_sizes(string text, long? expected) => Assert.Equal(expected, CpuCaches.ParseSize(text));

    [Fact]
    public void Reads_data_and_unified_caches_and_finds_the_last_level()
    {
        using var directory = new TempDirectory();
        Write(directory, "index0", "1", "Data", "48K");
        Write(directory, "index1", "1", "Instruction", "32K");
        Write(directory, "index2", "2", "Unified", "2048K");
        Write(directory, "index3", "3", "Unified", "307200K");
        var caches = CpuCaches.Read(directory.Path);
        Assert.Equal([1, 2, 3], caches.Select(c => c.Level));
        Assert.Equal(300L << 20, CpuCaches.LastLevelBytes(caches));
        Assert.Empty(CpuCaches.Read(directory.File("missing")));
        Assert.Null(CpuCaches.LastLevelBytes([]));
    }

    [Fact]
    public void Buffer_is_eight_times_the_last_level_cache_within_bounds()
    {
        Assert.Equal(8 * (300L << 20), MemoryBandwidthProbe.BufferBytesFor(300L << 20, 20L << 30));
        Assert.Equal(MemoryBandwidthProbe.MinimumBufferBytes, MemoryBandwidthProbe.BufferBytesFor(8L << 20, 20L << 30));
        Assert.Equal(MemoryBandwidthProbe.MinimumBufferBytes, MemoryBandwidthProbe.BufferBytesFor(null, 20L << 30));
        Assert.Equal(1L << 30, MemoryBandwidthProbe.BufferBytesFor(300L << 20, 4L << 30)); // a quarter of what is available
    }

    [Theory]
    [InlineData(4096, 1)]
    [InlineData(4096, 8)]
    [InlineData(4096 + 8 * 40, 3)]
    public void Read_loop_sums_every_byte_once(int length, int streams)
    {
        var buffer = (byte*)NativeMemory.AlignedAlloc((nuint)length, 64);
        try
        {
            var lanes = new Span<ulong>(buffer, length / 8);
            for (int i = 0; i < lanes.Length; i++)
                lanes[i] = (ulong)i * 3 + 1;
            ulong expected = 0;
            foreach (ulong lane in lanes)
                expected += lane;
            Assert.Equal(expected, MemoryBandwidthProbe.Read(buffer, length, streams));
        }
        finally
        {
            NativeMemory.AlignedFree(buffer);
        }
    }

    [Fact]
    public void Measurement_record_is_complete_and_ratios_use_the_matching_thread_count()
    {
        var probe = MemoryBandwidthProbe.Measure(repetitions: 2, bufferBytes: 1 << 20);
        Assert.Equal(2, probe.OneCoreSamplesGbps.Count);
        Assert.Equal(2, probe.AllCoresSamplesGbps.Count);
        Assert.All(probe.OneCoreSamplesGbps.Concat(probe.AllCoresSamplesGbps), g => Assert.True(g > 0));
        Assert.Equal(Environment.ProcessorCount, probe.Threads);
        Assert.Equal(1 << 20, probe.BufferBytes);
        Assert.Contains("median of 2", probe.Method);
        Assert.True(probe.OneCoreGbps >= probe.SingleStreamOneCoreGbps && probe.AllCoresGbps >= probe.SingleStreamAllCoresGbps);

        var fixedProbe = probe with { OneCoreGbps = 20, AllCoresGbps = 30 };
        Assert.Equal(0.5, fixedProbe.Fraction(10, threads: 1));
        Assert.Equal(0.5, fixedProbe.Fraction(15, threads: 2));
        Assert.Equal(4.0, MemoryBandwidth.Gbps(4e9, 1000));
    }

    [Fact]
    public void Monitor_keeps_its_buffer_and_reads_it_on_one_core_or_all()
    {
        using var monitor = new MemoryBandwidthMonitor((1 << 20) + 100);
        Assert.Equal(1 << 20, monitor.BufferBytes); // whole pages
        Assert.Equal(3, monitor.Samples(ComputePool.AllCores, MemoryBandwidthProbe.Streams, 3).Length);
        Assert.True(monitor.Measure(threads: 1) > 0);
        Assert.True(monitor.Measure(threads: 2, passes: 3) > 0);
        monitor.Dispose();
        monitor.Dispose();
        Assert.Throws<ObjectDisposedException>(() => monitor.Measure(threads: 1));
    }

    private static void Write(TempDirectory directory, string index, string level, string type, string size)
    {
        string path = directory.File(index);
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "level"), level + "\n");
        File.WriteAllText(Path.Combine(path, "type"), type + "\n");
        File.WriteAllText(Path.Combine(path, "size"), size + "\n");
    }
}
