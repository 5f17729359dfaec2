using FlashBench.Core.DeviceWatch;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Storage;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.DeviceWatch;

/// <summary>The probe reads real 16 KiB chunks of its file at fresh offsets, and says when its shuffled pass wrapped.</summary>
public sealed class DeviceProbeTests
{
    [Fact]
    public void Probes_read_whole_chunks_and_say_when_they_start_re_reading()
    {
        using var directory = new TempDirectory();
        var file = TestFileGenerator.Ensure(directory.Path, 8L << 20, DeviceProbe.FileSeed);
        var method = DirectIoProbe.Check(file.Path).Supported ? ReadMethod.Direct : ReadMethod.Buffered;
        using var probe = new DeviceProbe(method, file.Path, seed: 7, duration: TimeSpan.FromMilliseconds(1));

        var first = probe.Measure();
        Assert.True(first.Reads.Reads > 0);
        Assert.Equal(DeviceProbe.ReadBytes, first.Reads.ReadBytes);
        Assert.False(first.Wrapped);
        // an 8 MiB file holds 512 slots: two rounds of 256 reads use them up, so a later probe re-reads
        var readings = Enumerable.Range(0, 4).Select(_ => probe.Measure()).ToList();
        Assert.Contains(readings, r => r.Wrapped);
    }
}
