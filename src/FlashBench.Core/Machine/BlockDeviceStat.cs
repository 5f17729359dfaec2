using System.Buffers.Text;

namespace FlashBench.Core.Machine;

/// <summary>The counters of a block device's <c>stat</c> file (Documentation/block/stat.rst): sectors are 512 bytes
/// whatever the device's block size; <see cref="InFlight"/> is the I/O issued and not yet completed.</summary>
public readonly record struct BlockDeviceStat(long SectorsRead, long SectorsWritten, long InFlight)
{
    public const int SectorBytes = 512;

    private const int SectorsReadField = 2;
    private const int SectorsWrittenField = 6;
    private const int InFlightField = 8;

    public long BytesRead => SectorsRead * SectorBytes;

    public long BytesWritten => SectorsWritten * SectorBytes;

    /// <summary>Parses the stat file's whitespace-separated fields (at least 9 of them) without allocating.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out BlockDeviceStat stat)
    {
        stat = default;
        long read = 0, written = 0, inFlight = 0;
        int field = 0;
        while (field <= InFlightField)
        {
            utf8 = utf8.TrimStart(" \t\n"u8);
            if (utf8.IsEmpty || !Utf8Parser.TryParse(utf8, out long value, out int consumed))
                return false;
            utf8 = utf8[consumed..];
            switch (field)
            {
                case SectorsReadField: read = value; break;
                case SectorsWrittenField: written = value; break;
                case InFlightField: inFlight = value; break;
            }
            field++;
        }
        stat = new BlockDeviceStat(read, written, inFlight);
        return true;
    }
}
