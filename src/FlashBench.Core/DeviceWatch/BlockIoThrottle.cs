using System.Globalization;
using System.Text;
using FlashBench.Core.Machine;

namespace FlashBench.Core.DeviceWatch;

/// <summary>
/// Caps one process's block reads of one disk on purpose, to test the device watch against a device that slows down
/// mid-run (scripts/throttle-test.sh does the same from the outside, with shell writes). Linux and root only.
/// <code>
/// using var throttle = BlockIoThrottle.TryCreate(dataFile, pid, out string reason)   // default pid: this process
///     ?? throw new InvalidOperationException(reason);   // null: no writable hierarchy, and why in one line
/// throttle.Limit(BlockIoThrottleCap.Iops(200));            // the process's reads of that disk now capped
/// throttle.Lift();                                         // uncapped again (still in the child cgroup)
/// // Dispose: every process in the child goes back to the pid's original cgroup and the child is removed
/// </code>
/// The hierarchy is cgroup v2 where its io controller can be given to a child (io.max), else v1's blkio controller
/// (blkio.throttle.read_iops_device and read_bps_device); <see cref="BlockIoThrottleHierarchies"/> finds where the
/// process sits in each. The child, flashbench-throttle-PID, is created under the process's own cgroup (v1) or under
/// the nearest ancestor that hands io to its children (v2, where a cgroup with processes cannot), and the whole
/// process (cgroup.procs: every thread) is moved into it. Its children forked meanwhile stay capped with it and go back
/// with it. The disk is the whole disk under the file (<see cref="BlockIoThrottleDisk"/>).
/// </summary>
public sealed class BlockIoThrottle : IDisposable
{
    private const string ChildPrefix = "flashbench-throttle-";

    private readonly string _originalCgroup;
    private readonly string? _ioEnabledIn;
    private bool _disposed;

    private BlockIoThrottle(CgroupVersion version, string cgroup, string originalCgroup, string? ioEnabledIn, BlockIoThrottleDisk disk, int pid)
    {
        Version = version;
        Cgroup = cgroup;
        _originalCgroup = originalCgroup;
        _ioEnabledIn = ioEnabledIn;
        Disk = disk;
        Pid = pid;
    }

    public CgroupVersion Version { get; }
    /// <summary>The child cgroup's directory.</summary>
    public string Cgroup { get; }
    public BlockIoThrottleDisk Disk { get; }
    public int Pid { get; }

    public string Description =>
        $"cgroup {(Version == CgroupVersion.V2 ? "v2 io.max" : "v1 blkio.throttle")} on {Disk} for process {Pid} in {Cgroup} (from {_originalCgroup})";

    public static BlockIoThrottle? TryCreate(string filePath, out string reason) => TryCreate(filePath, Environment.ProcessId, out reason);

    /// <summary>A throttle on the disk under <paramref name="filePath"/> for process <paramref name="pid"/>, moved into a
    /// new child cgroup with nothing capped yet; or null with the reason (the throttle's description on success).</summary>
    public static BlockIoThrottle? TryCreate(string filePath, int pid, out string reason)
    {
        var disk = BlockIoThrottleDisk.For(filePath, out string diskReason);
        if (disk is null)
        {
            reason = $"no disk to throttle: {diskReason}";
            return null;
        }
        return TryCreate(disk, pid, out reason);
    }

    public static BlockIoThrottle? TryCreate(BlockIoThrottleDisk disk, int pid, out string reason)
    {
        if (!OperatingSystem.IsLinux())
        {
            reason = "cgroups exist only on Linux";
            return null;
        }
        if (!Environment.IsPrivilegedProcess)
        {
            reason = "not root: creating a cgroup and moving a process into it needs root";
            return null;
        }
        string? procCgroup = ProcFiles.ReadTrimmed($"/proc/{pid}/cgroup");
        string? mountInfo = ProcFiles.ReadTrimmed("/proc/self/mountinfo");
        if (procCgroup is null || mountInfo is null)
        {
            reason = procCgroup is null ? $"process {pid} does not exist (no /proc/{pid}/cgroup)" : "/proc/self/mountinfo cannot be read";
            return null;
        }

        var reasons = new List<string>();
        var candidates = BlockIoThrottleHierarchies.Candidates(
            BlockIoThrottleHierarchies.ParseMemberships(procCgroup), BlockIoThrottleHierarchies.ParseMounts(mountInfo));
        foreach (var candidate in candidates)
        {
            if (candidate.Hierarchy is null)
            {
                reasons.Add(candidate.Reason);
                continue;
            }
            var throttle = TryCreateIn(candidate.Hierarchy, disk, pid, out string why);
            if (throttle is not null)
            {
                reason = throttle.Description;
                return throttle;
            }
            reasons.Add(why);
        }
        reason = $"no cgroup hierarchy can throttle reads here: {string.Join("; ", reasons)}";
        return null;
    }

    /// <summary>Caps the process's reads of <see cref="Disk"/> to exactly <paramref name="cap"/> (a side left null is uncapped).</summary>
    public void Limit(BlockIoThrottleCap cap)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (cap.ReadIops <= 0 || cap.ReadBytesPerSecond <= 0)
            throw new ArgumentOutOfRangeException(nameof(cap), cap, "a cap is a positive number; null leaves that side uncapped");
        WriteLimit(Version, Cgroup, Disk, cap);
    }

    public void Lift() => Limit(BlockIoThrottleCap.Lifted);

    /// <summary>The cap the child cgroup's files hold now.</summary>
    public BlockIoThrottleCap Current() => Version == CgroupVersion.V2
        ? BlockIoThrottleLines.ParseV2(Disk.MajorMinor, File.ReadAllText(Path.Combine(Cgroup, BlockIoThrottleLines.V2File)))
        : BlockIoThrottleLines.ParseV1(Disk.MajorMinor,
            File.ReadAllText(Path.Combine(Cgroup, BlockIoThrottleLines.V1IopsFile)),
            File.ReadAllText(Path.Combine(Cgroup, BlockIoThrottleLines.V1BytesFile)));

    /// <summary>The processes in the child cgroup now.</summary>
    public IReadOnlyList<int> Processes() => ProcessesIn(Cgroup);

    /// <summary>Moves every process in the child back to the pid's original cgroup and removes the child; throws if the
    /// child cannot be removed (a cgroup left behind would go on capping whatever is in it).</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        RemoveChild(Cgroup, _originalCgroup);
        if (_ioEnabledIn is not null)
            TryWrite(Path.Combine(_ioEnabledIn, "cgroup.subtree_control"), "-io");
    }

    private static BlockIoThrottle? TryCreateIn(BlockIoThrottleHierarchy hierarchy, BlockIoThrottleDisk disk, int pid, out string reason)
    {
        string? ioEnabledIn = null;
        reason = "";
        string? parent = hierarchy.Version == CgroupVersion.V1 ? hierarchy.ProcessCgroup : V2Parent(hierarchy, out ioEnabledIn, out reason);
        if (parent is null)
            return null;

        string child = UnusedChildName(parent, pid);
        try
        {
            Directory.CreateDirectory(child);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"cannot create {child}: {e.Message}";
            DisableIo(ioEnabledIn);
            return null;
        }
        try
        {
            WriteLimit(hierarchy.Version, child, disk, BlockIoThrottleCap.Lifted);
            Write(Path.Combine(child, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"{child} cannot take a read limit on {disk} or process {pid}: {e.Message}";
            RemoveChild(child, hierarchy.ProcessCgroup);
            DisableIo(ioEnabledIn);
            return null;
        }
        var throttle = new BlockIoThrottle(hierarchy.Version, child, hierarchy.ProcessCgroup, ioEnabledIn, disk, pid);
        reason = throttle.Description;
        return throttle;
    }

    /// <summary>v2 cgroups with processes cannot give controllers to children (the root can): the nearest ancestor that
    /// already hands io down, else the hierarchy's root with io switched on (and off again on Dispose).</summary>
    private static string? V2Parent(BlockIoThrottleHierarchy hierarchy, out string? ioEnabledIn, out string reason)
    {
        ioEnabledIn = null;
        if (!ListsIo(Path.Combine(hierarchy.MountPoint, "cgroup.controllers")))
        {
            reason = $"cgroup v2 at {hierarchy.MountPoint} has no io controller (bound to v1's blkio, or not offered here)";
            return null;
        }
        string mountPoint = hierarchy.MountPoint.TrimEnd('/');
        for (string? directory = hierarchy.ProcessCgroup.TrimEnd('/');
             directory is not null && directory.Length >= mountPoint.Length;
             directory = Path.GetDirectoryName(directory))
        {
            if (ListsIo(Path.Combine(directory, "cgroup.subtree_control")))
            {
                reason = $"cgroup v2 io handed down by {directory}";
                return directory;
            }
        }
        try
        {
            Write(Path.Combine(hierarchy.MountPoint, "cgroup.subtree_control"), "+io");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = $"cgroup v2 at {hierarchy.MountPoint} cannot give io to a child: {e.Message}";
            return null;
        }
        ioEnabledIn = hierarchy.MountPoint;
        reason = $"cgroup v2 io switched on in {hierarchy.MountPoint}";
        return hierarchy.MountPoint;
    }

    private static void WriteLimit(CgroupVersion version, string cgroup, BlockIoThrottleDisk disk, BlockIoThrottleCap cap)
    {
        if (version == CgroupVersion.V2)
        {
            Write(Path.Combine(cgroup, BlockIoThrottleLines.V2File), BlockIoThrottleLines.V2(disk.MajorMinor, cap));
            return;
        }
        foreach (var (file, line) in BlockIoThrottleLines.V1(disk.MajorMinor, cap))
            Write(Path.Combine(cgroup, file), line);
    }

    private static void RemoveChild(string child, string originalCgroup)
    {
        for (int attempt = 0; ; attempt++)
        {
            foreach (int process in ProcessesIn(child))
                TryWrite(Path.Combine(originalCgroup, "cgroup.procs"), process.ToString(CultureInfo.InvariantCulture));
            try
            {
                Directory.Delete(child);
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                // a process forked while being moved, or one still exiting, keeps the cgroup busy for a moment
                Thread.Sleep(20);
            }
            catch (IOException e)
            {
                throw new IOException($"cannot remove the throttle's cgroup {child} (processes {string.Join(", ", ProcessesIn(child))}): {e.Message}", e);
            }
        }
    }

    private static void DisableIo(string? ioEnabledIn)
    {
        if (ioEnabledIn is not null)
            TryWrite(Path.Combine(ioEnabledIn, "cgroup.subtree_control"), "-io");
    }

    private static string UnusedChildName(string parent, int pid)
    {
        string name = Path.Combine(parent, $"{ChildPrefix}{pid}");
        for (int n = 2; Directory.Exists(name); n++)
            name = Path.Combine(parent, $"{ChildPrefix}{pid}-{n}");
        return name;
    }

    private static IReadOnlyList<int> ProcessesIn(string cgroup)
    {
        string? text = ProcFiles.ReadTrimmed(Path.Combine(cgroup, "cgroup.procs"));
        return text is null
            ? []
            : text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToList();
    }

    private static bool ListsIo(string controllersFile) =>
        (ProcFiles.ReadTrimmed(controllersFile) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("io");

    /// <summary>One write(2) of the whole line: cgroup files take one value per write and report a refusal as its error.</summary>
    private static void Write(string path, string text)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
        RandomAccess.Write(handle, Encoding.ASCII.GetBytes(text), 0);
    }

    private static void TryWrite(string path, string text)
    {
        try
        {
            Write(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // the process exited meanwhile, or io is still in use below: nothing left to undo
        }
    }
}
