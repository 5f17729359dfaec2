using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Machine;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.DeviceWatch;

/// <summary>The device probe: one short read of fixed shape (<see cref="ReadBytes"/> reads, <see cref="Threads"/> in
/// flight, about <see cref="DefaultDuration"/>) at fresh offsets of a file kept for probes, so that two probes taken
/// minutes apart measure the same thing and differ only by what the device did meanwhile. The offsets come from one
/// shuffled pass over the whole file, continued from probe to probe; when the pass is used up a new one starts (in another
/// order) and the probes that re-read say so (<see cref="ProbeReading.Wrapped"/>).</summary>
public sealed class DeviceProbe : IDeviceProbe
{
    public const int ReadBytes = 16 << 10;
    public const int Threads = 32;
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMilliseconds(250);

    /// <summary>The probe file's seed: it names a file of its own, never the throughput experiment's test file.</summary>
    public const ulong FileSeed = 0x9B0B_E5EE_D0F1_1E5AUL;

    private readonly TimedSlotReader _reader;
    private readonly BlockDeviceCounter? _counter;
    private readonly ulong _seed;
    private ShuffledSlots _order;
    private int _passes;

    public DeviceProbe(ReadMethod method, string filePath, ulong seed, TimeSpan? duration = null)
    {
        _reader = new TimedSlotReader(method, filePath, Threads);
        _seed = seed;
        Duration = duration ?? DefaultDuration;
        if (Slots < Threads * TimedSlotReader.ReadsPerThreadPerRound)
            throw new ArgumentException($"{filePath} is too small for a device probe ({_reader.Path.FileBytes} bytes)");
        _order = NewPass();
        _counter = BlockDeviceCounter.TryOpen(filePath, out var resolution);
        DeviceDetail = resolution.Detail;
    }

    public string FilePath => _reader.Path.FilePath;
    public long FileBytes => _reader.Path.FileBytes;
    public ReadMethod Method => _reader.Path.Method;
    public TimeSpan Duration { get; }
    /// <summary>The block device whose counters the readings carry, or why there are none.</summary>
    public string DeviceDetail { get; }

    private long Slots => _reader.Path.FileBytes / ReadBytes;

    /// <summary>One probe: reads for <see cref="Duration"/> and returns the figures with the device's counters after it.</summary>
    public ProbeReading Measure()
    {
        bool wrapped = _passes > 1;
        if (_order.Remaining < Threads * TimedSlotReader.ReadsPerThreadPerRound)
        {
            _order = NewPass();
            wrapped = true;
        }
        var reads = _reader.Read(_order, ReadBytes, Duration);
        var stat = _counter?.Read();
        return new ProbeReading(DateTime.UtcNow, reads, wrapped, stat?.BytesRead, stat?.BytesWritten);
    }

    /// <summary>The device's counters now (null without a resolvable device).</summary>
    public BlockDeviceStat? Counters() => _counter?.Read();

    private ShuffledSlots NewPass() => new(0, Slots, ReadBytes, StableHash.Combine(_seed, FileSeed, (ulong)_passes++));

    public void Dispose()
    {
        _counter?.Dispose();
        _reader.Dispose();
    }
}

/// <summary>What the device watch needs of a probe: one reading at a time, and the device's counters.</summary>
public interface IDeviceProbe : IDisposable
{
    ProbeReading Measure();

    BlockDeviceStat? Counters();
}

/// <summary>One probe's figures, when it ended and the device's byte counters then (null without a device).</summary>
public sealed record ProbeReading(DateTime TimeUtc, TimedReads Reads, bool Wrapped, long? DeviceReadBytes, long? DeviceWrittenBytes)
{
    public double MegabytesPerSecond => Reads.MegabytesPerSecond;
}
