using System.Globalization;

namespace FlashBench.Core.DeviceWatch;

/// <summary>The limit lines of the two cgroup versions, written and read back. v1 has one file per limit
/// ("MAJ:MIN N", where 0 lifts it and a lifted device has no line); v2 has io.max ("MAJ:MIN riops=N rbps=N", where
/// "max" lifts it and a device with nothing capped has no line).</summary>
public static class BlockIoThrottleLines
{
    public const string V1IopsFile = "blkio.throttle.read_iops_device";
    public const string V1BytesFile = "blkio.throttle.read_bps_device";
    public const string V2File = "io.max";

    /// <summary>The two v1 writes that set exactly <paramref name="cap"/> (the side it leaves null is lifted).</summary>
    public static IReadOnlyList<(string File, string Line)> V1(string majorMinor, BlockIoThrottleCap cap) =>
    [
        (V1IopsFile, $"{majorMinor} {Number(cap.ReadIops ?? 0)}"),
        (V1BytesFile, $"{majorMinor} {Number(cap.ReadBytesPerSecond ?? 0)}"),
    ];

    /// <summary>The v2 io.max write that sets exactly <paramref name="cap"/> (writes are left as they are).</summary>
    public static string V2(string majorMinor, BlockIoThrottleCap cap) =>
        $"{majorMinor} riops={Limit(cap.ReadIops)} rbps={Limit(cap.ReadBytesPerSecond)}";

    /// <summary>The cap the v1 files' texts hold for <paramref name="majorMinor"/>.</summary>
    public static BlockIoThrottleCap ParseV1(string majorMinor, string iopsFileText, string bytesFileText) =>
        new(V1Value(iopsFileText, majorMinor), V1Value(bytesFileText, majorMinor));

    /// <summary>The read cap the io.max text holds for <paramref name="majorMinor"/>.</summary>
    public static BlockIoThrottleCap ParseV2(string majorMinor, string ioMaxText)
    {
        string[]? fields = LineFor(ioMaxText, majorMinor);
        if (fields is null)
            return BlockIoThrottleCap.Lifted;
        long? Key(string key) => fields.Skip(1)
            .Where(f => f.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(f => ParseLimit(f[(key.Length + 1)..]))
            .FirstOrDefault();
        return new BlockIoThrottleCap(Key("riops"), Key("rbps"));
    }

    private static long? V1Value(string text, string majorMinor) =>
        LineFor(text, majorMinor) is [_, var value, ..] ? ParseLimit(value) : null;

    private static string[]? LineFor(string text, string majorMinor) => text
        .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .FirstOrDefault(fields => fields.Length > 0 && fields[0] == majorMinor);

    /// <summary>"max" and 0 both mean no limit (v2 and v1 spellings).</summary>
    private static long? ParseLimit(string value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long number) && number > 0 ? number : null;

    private static string Limit(long? value) => value is { } number ? Number(number) : "max";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
