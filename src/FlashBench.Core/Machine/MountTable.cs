namespace FlashBench.Core.Machine;

/// <summary>One line of /proc/self/mountinfo (proc(5)): the device number of the mounted file system, where it is
/// mounted, its type and source.</summary>
public sealed record MountEntry(int Major, int Minor, string MountPoint, string FileSystem, string Source)
{
    public string MajorMinor => $"{Major}:{Minor}";
}

public static class MountTable
{
    /// <summary>The entries of a mountinfo text; malformed lines are skipped.</summary>
    public static IReadOnlyList<MountEntry> Parse(string mountInfo)
    {
        var entries = new List<MountEntry>();
        foreach (string line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split(' ');
            int separator = Array.IndexOf(fields, "-");
            if (fields.Length < 5 || separator < 6 || separator + 2 >= fields.Length)
                continue;
            string[] device = fields[2].Split(':');
            if (device.Length != 2 || !int.TryParse(device[0], out int major) || !int.TryParse(device[1], out int minor))
                continue;
            entries.Add(new MountEntry(major, minor, Unescape(fields[4]), fields[separator + 1], Unescape(fields[separator + 2])));
        }
        return entries;
    }

    /// <summary>The mount holding <paramref name="fullPath"/>: the longest mount point that is a prefix of it
    /// (the last one listed when a point is mounted over).</summary>
    public static MountEntry? Containing(IReadOnlyList<MountEntry> entries, string fullPath)
    {
        MountEntry? best = null;
        foreach (var entry in entries)
        {
            string point = entry.MountPoint;
            bool contains = fullPath == point || point == "/" || fullPath.StartsWith(point.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (contains && (best is null || point.Length >= best.MountPoint.Length))
                best = entry;
        }
        return best;
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as three octal digits.</summary>
    private static string Unescape(string field) => field
        .Replace("\\040", " ", StringComparison.Ordinal)
        .Replace("\\011", "\t", StringComparison.Ordinal)
        .Replace("\\012", "\n", StringComparison.Ordinal)
        .Replace("\\134", "\\", StringComparison.Ordinal);
}
