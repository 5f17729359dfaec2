namespace FlashBench.Core.DeviceWatch;

public enum CgroupVersion
{
    V1,
    V2,
}

/// <summary>A cgroup hierarchy that can throttle a process's block reads: v2 (io.max) or v1's blkio controller
/// (blkio.throttle.*). <see cref="ProcessCgroup"/> is the directory of the cgroup the process is in.</summary>
public sealed record BlockIoThrottleHierarchy(CgroupVersion Version, string MountPoint, string ProcessCgroup);

/// <summary>A hierarchy considered, or why it cannot be used (<see cref="Hierarchy"/> null).</summary>
public sealed record BlockIoThrottleCandidate(BlockIoThrottleHierarchy? Hierarchy, string Reason);

/// <summary>One line of /proc/PID/cgroup (cgroups(7)): hierarchy id, its v1 controllers ("" for v2), the cgroup's path.</summary>
public sealed record CgroupMembership(int HierarchyId, IReadOnlyList<string> Controllers, string Path);

/// <summary>A mounted cgroup file system, from /proc/self/mountinfo: the cgroup it shows at <see cref="MountPoint"/>
/// (<see cref="Root"/>, not "/" inside a container or a bind mount) and, for v1, its controllers.</summary>
public sealed record CgroupMount(CgroupVersion Version, string Root, string MountPoint, IReadOnlyList<string> Controllers, bool ReadOnly);

/// <summary>Finds where a process sits in the mounted cgroup hierarchies that can throttle block reads: v2 first, then
/// v1's blkio. Pure: whether v2's io controller can be enabled is the caller's check, on the files.</summary>
public static class BlockIoThrottleHierarchies
{
    public static IReadOnlyList<CgroupMembership> ParseMemberships(string procCgroup)
    {
        var memberships = new List<CgroupMembership>();
        foreach (string line in procCgroup.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] fields = line.Split(':', 3);
            if (fields.Length == 3 && int.TryParse(fields[0], out int id))
                memberships.Add(new CgroupMembership(id, fields[1].Split(',', StringSplitOptions.RemoveEmptyEntries), fields[2]));
        }
        return memberships;
    }

    public static IReadOnlyList<CgroupMount> ParseMounts(string mountInfo)
    {
        var mounts = new List<CgroupMount>();
        foreach (string line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] fields = line.Split(' ');
            int separator = Array.IndexOf(fields, "-");
            if (separator < 6 || separator + 3 >= fields.Length)
                continue;
            CgroupVersion? version = fields[separator + 1] switch
            {
                "cgroup2" => CgroupVersion.V2,
                "cgroup" => CgroupVersion.V1,
                _ => null,
            };
            if (version is null)
                continue;
            string[] superOptions = fields[separator + 3].Split(',');
            bool readOnly = fields[5].Split(',').Contains("ro") || superOptions.Contains("ro");
            var controllers = version == CgroupVersion.V1 ? superOptions.Where(o => o is not ("rw" or "ro")).ToArray() : [];
            mounts.Add(new CgroupMount(version.Value, Unescape(fields[3]), Unescape(fields[4]), controllers, readOnly));
        }
        return mounts;
    }

    /// <summary>The v2 hierarchy, then v1's blkio, each with the process's cgroup directory or the reason it is unusable.</summary>
    public static IReadOnlyList<BlockIoThrottleCandidate> Candidates(IReadOnlyList<CgroupMembership> memberships, IReadOnlyList<CgroupMount> mounts) =>
    [
        Candidate(CgroupVersion.V2, "cgroup v2",
            memberships.FirstOrDefault(m => m.HierarchyId == 0 && m.Controllers.Count == 0),
            mounts.Where(m => m.Version == CgroupVersion.V2)),
        Candidate(CgroupVersion.V1, "cgroup v1 blkio",
            memberships.FirstOrDefault(m => m.Controllers.Contains("blkio")),
            mounts.Where(m => m.Version == CgroupVersion.V1 && m.Controllers.Contains("blkio"))),
    ];

    /// <summary>The directory of <paramref name="cgroupPath"/> under <paramref name="mount"/>, or null where the mount does
    /// not show it (the mount's root is elsewhere in the hierarchy, or the path is outside the cgroup namespace: "/..").</summary>
    public static string? DirectoryOf(CgroupMount mount, string cgroupPath)
    {
        string root = mount.Root.TrimEnd('/');
        if (cgroupPath.Split('/').Contains(".."))
            return null;
        if (cgroupPath == mount.Root || cgroupPath.TrimEnd('/') == root)
            return mount.MountPoint;
        if (!cgroupPath.StartsWith(root + "/", StringComparison.Ordinal))
            return null;
        return mount.MountPoint.TrimEnd('/') + cgroupPath[root.Length..].TrimEnd('/');
    }

    private static BlockIoThrottleCandidate Candidate(CgroupVersion version, string name, CgroupMembership? membership, IEnumerable<CgroupMount> mounts)
    {
        if (membership is null)
            return new(null, $"the process is in no {name} hierarchy");
        var mounted = mounts.ToList();
        if (mounted.Count == 0)
            return new(null, $"no {name} hierarchy is mounted");
        var (mount, directory) = mounted
            .Select(m => (Mount: m, Directory: DirectoryOf(m, membership.Path)))
            .OrderBy(m => m.Directory is null)
            .ThenBy(m => m.Mount.ReadOnly)
            .First();
        if (directory is null)
            return new(null, $"the process's {name} cgroup {membership.Path} is not under any mount of it (a container's cgroup namespace?)");
        if (mount.ReadOnly)
            return new(null, $"the {name} hierarchy at {mount.MountPoint} is mounted read-only (a container?)");
        return new(new BlockIoThrottleHierarchy(version, mount.MountPoint, directory), $"{name} at {mount.MountPoint}, process in {directory}");
    }

    /// <summary>mountinfo escapes space, tab, newline and backslash as three octal digits.</summary>
    private static string Unescape(string field) => field
        .Replace("\\040", " ", StringComparison.Ordinal)
        .Replace("\\011", "\t", StringComparison.Ordinal)
        .Replace("\\012", "\n", StringComparison.Ordinal)
        .Replace("\\134", "\\", StringComparison.Ordinal);
}
