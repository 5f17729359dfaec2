namespace FlashBench.Core.Machine;

/// <summary>One CPU cache as Linux describes it under /sys/devices/system/cpu/cpu0/cache/indexN.</summary>
public sealed record CpuCache(int Level, string Type, long Bytes, string SharedCpuList);

/// <summary>The caches of CPU 0, read from sysfs; the last-level cache sizes the bandwidth probe's buffer.</summary>
public static class CpuCaches
{
    public const string SysfsDirectory = "/sys/devices/system/cpu/cpu0/cache";

    /// <summary>Every data or unified cache under <paramref name="directory"/> (empty when sysfs has none).</summary>
    public static IReadOnlyList<CpuCache> Read(string directory = SysfsDirectory)
    {
        if (!Directory.Exists(directory))
            return [];
        var caches = new List<CpuCache>();
        foreach (string index in Directory.EnumerateDirectories(directory, "index*").Order(StringComparer.Ordinal))
        {
            string? level = ProcFiles.ReadTrimmed(Path.Combine(index, "level"));
            string? type = ProcFiles.ReadTrimmed(Path.Combine(index, "type"));
            string? size = ProcFiles.ReadTrimmed(Path.Combine(index, "size"));
            if (level is null || type is null || size is null || type == "Instruction" || !int.TryParse(level, out int lvl) || ParseSize(size) is not { } bytes)
                continue;
            caches.Add(new CpuCache(lvl, type, bytes, ProcFiles.ReadTrimmed(Path.Combine(index, "shared_cpu_list")) ?? ""));
        }
        return caches;
    }

    /// <summary>Size of the highest-level cache; null when unknown.</summary>
    public static long? LastLevelBytes(IReadOnlyList<CpuCache> caches) =>
        caches.Count == 0 ? null : caches.OrderByDescending(c => c.Level).ThenByDescending(c => c.Bytes).First().Bytes;

    /// <summary>sysfs sizes: "48K", "2048K", "307200K", "32M" (binary units), or plain bytes.</summary>
    public static long? ParseSize(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
            return null;
        long multiplier = char.ToUpperInvariant(text[^1]) switch
        {
            'K' => 1L << 10,
            'M' => 1L << 20,
            'G' => 1L << 30,
            _ => 1,
        };
        string digits = multiplier == 1 ? text : text[..^1];
        return long.TryParse(digits, out long value) && value > 0 ? value * multiplier : null;
    }
}
