using FlashBench.Core.DeviceWatch;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.DeviceWatch;

public sealed class BlockIoThrottleTests
{
    [Fact]
    public void V1_writes_one_line_per_limit_file_and_zero_lifts_a_limit()
    {
        Assert.Equal(
            [("blkio.throttle.read_iops_device", "254:0 200"), ("blkio.throttle.read_bps_device", "254:0 0")],
            BlockIoThrottleLines.V1("254:0", BlockIoThrottleCap.Iops(200)));
        Assert.Equal(
            [("blkio.throttle.read_iops_device", "8:0 0"), ("blkio.throttle.read_bps_device", "8:0 0")],
            BlockIoThrottleLines.V1("8:0", BlockIoThrottleCap.Lifted));
    }

    [Fact]
    public void V2_writes_riops_and_rbps_to_io_max_and_max_lifts_them()
    {
        Assert.Equal("254:0 riops=200 rbps=max", BlockIoThrottleLines.V2("254:0", BlockIoThrottleCap.Iops(200)));
        Assert.Equal("254:0 riops=max rbps=10485760", BlockIoThrottleLines.V2("254:0", new BlockIoThrottleCap(null, 10485760)));
        Assert.Equal("8:16 riops=max rbps=max", BlockIoThrottleLines.V2("8:16", BlockIoThrottleCap.Lifted));
    }

    [Fact]
    public void The_kernels_limit_files_read_back_as_the_cap_of_one_device()
    {
        Assert.Equal(new BlockIoThrottleCap(200, 1048576), BlockIoThrottleLines.ParseV1("254:0", "8:0 50\n254:0 200\n", "254:0 1048576\n"));
        Assert.True(BlockIoThrottleLines.ParseV1("254:0", "", "8:0 7\n").IsLifted);
        // the kernel prints all four io.max keys once any is set, and drops the line when all are max
        Assert.Equal(BlockIoThrottleCap.Iops(200), BlockIoThrottleLines.ParseV2("254:0", "8:0 rbps=5 wbps=max riops=max wiops=max\n254:0 rbps=max wbps=max riops=200 wiops=max\n"));
        Assert.True(BlockIoThrottleLines.ParseV2("254:0", "8:0 rbps=5 wbps=max riops=max wiops=max\n").IsLifted);
        Assert.True(BlockIoThrottleLines.ParseV2("254:0", "254:0 rbps=max wbps=100 riops=max wiops=max\n").IsLifted);
    }

    [Fact]
    public void Proc_cgroup_lines_give_hierarchy_controllers_and_path()
    {
        var memberships = BlockIoThrottleHierarchies.ParseMemberships(
            "7:blkio:/user.slice\n4:memory:/process_api/56d4\n1:cpu,cpuacct:/\n0::/user.slice/session-1.scope\n");

        Assert.Equal(4, memberships.Count);
        Assert.Equal(new[] { "blkio" }, memberships[0].Controllers);
        Assert.Equal("/user.slice", memberships[0].Path);
        Assert.Equal(new[] { "cpu", "cpuacct" }, memberships[2].Controllers);
        Assert.Equal(0, memberships[3].HierarchyId);
        Assert.Empty(memberships[3].Controllers);
        Assert.Equal("/user.slice/session-1.scope", memberships[3].Path);
    }

    [Fact]
    public void Cgroup_mounts_come_from_mountinfo_with_their_root_controllers_and_read_only_flag()
    {
        var mounts = BlockIoThrottleHierarchies.ParseMounts(
            "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n" +
            "31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n" +
            "37 30 0:34 /docker/abc /sys/fs/cgroup/blkio ro,nosuid - cgroup cgroup rw,blkio\n" +
            "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate\n");

        Assert.Equal(3, mounts.Count);
        Assert.Equal(["cpu"], mounts[0].Controllers);
        Assert.Equal(["blkio"], mounts[1].Controllers);
        Assert.Equal("/docker/abc", mounts[1].Root);
        Assert.True(mounts[1].ReadOnly);
        Assert.Equal(CgroupVersion.V2, mounts[2].Version);
        Assert.Equal("/sys/fs/cgroup/unified", mounts[2].MountPoint);
        Assert.False(mounts[2].ReadOnly);
    }

    [Fact]
    public void A_cgroup_path_maps_to_its_directory_under_the_mount_root()
    {
        var host = new CgroupMount(CgroupVersion.V1, "/", "/sys/fs/cgroup/blkio", ["blkio"], false);
        var container = host with { Root = "/docker/abc" };

        Assert.Equal("/sys/fs/cgroup/blkio", BlockIoThrottleHierarchies.DirectoryOf(host, "/"));
        Assert.Equal("/sys/fs/cgroup/blkio/user.slice/x", BlockIoThrottleHierarchies.DirectoryOf(host, "/user.slice/x"));
        Assert.Equal("/sys/fs/cgroup/blkio", BlockIoThrottleHierarchies.DirectoryOf(container, "/docker/abc"));
        Assert.Equal("/sys/fs/cgroup/blkio/job", BlockIoThrottleHierarchies.DirectoryOf(container, "/docker/abc/job"));
        Assert.Null(BlockIoThrottleHierarchies.DirectoryOf(container, "/docker/abcdef"));
        Assert.Null(BlockIoThrottleHierarchies.DirectoryOf(host, "/../../outside")); // outside the cgroup namespace
    }

    [Fact]
    public void A_hybrid_machine_offers_v2_first_then_v1_blkio()
    {
        var candidates = Candidates("7:blkio:/\n4:memory:/x\n0::/\n",
            "37 30 0:34 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio\n" +
            "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n");

        Assert.Equal(new BlockIoThrottleHierarchy(CgroupVersion.V2, "/sys/fs/cgroup/unified", "/sys/fs/cgroup/unified"), candidates[0].Hierarchy);
        Assert.Equal(new BlockIoThrottleHierarchy(CgroupVersion.V1, "/sys/fs/cgroup/blkio", "/sys/fs/cgroup/blkio"), candidates[1].Hierarchy);
    }

    [Fact]
    public void Read_only_unmounted_or_unreachable_hierarchies_say_why()
    {
        var readOnly = Candidates("0::/\n", "40 30 0:37 / /sys/fs/cgroup ro,nosuid - cgroup2 cgroup2 rw\n");
        Assert.Null(readOnly[0].Hierarchy);
        Assert.Contains("read-only", readOnly[0].Reason);
        Assert.Contains("no cgroup v1 blkio", readOnly[1].Reason);

        var unmounted = Candidates("7:blkio:/\n", "27 1 254:0 / / rw - ext4 /dev/vda rw\n");
        Assert.Contains("no cgroup v1 blkio hierarchy is mounted", unmounted[1].Reason);

        var elsewhere = Candidates("7:blkio:/other\n", "37 30 0:34 /docker/abc /sys/fs/cgroup/blkio rw - cgroup cgroup rw,blkio\n");
        Assert.Null(elsewhere[1].Hierarchy);
        Assert.Contains("/other is not under any mount", elsewhere[1].Reason);
    }

    [Fact]
    public void A_partition_is_throttled_on_its_whole_disk()
    {
        using var root = new TempDirectory();
        string sys = Path.Combine(root.Path, "sys");
        string disk = Path.Combine(sys, "devices", "pci0", "block", "sda");
        string partition = Path.Combine(disk, "sda2");
        Directory.CreateDirectory(partition);
        File.WriteAllText(Path.Combine(disk, "dev"), "8:0\n");
        File.WriteAllText(Path.Combine(partition, "dev"), "8:2\n");
        File.WriteAllText(Path.Combine(partition, "stat"), "1 0 8 0 1 0 8 0 0 0 0\n");
        File.WriteAllText(Path.Combine(partition, "partition"), "2\n");
        File.WriteAllText(Path.Combine(disk, "stat"), "1 0 8 0 1 0 8 0 0 0 0\n");
        Directory.CreateDirectory(Path.Combine(sys, "dev", "block"));
        Directory.CreateSymbolicLink(Path.Combine(sys, "dev", "block", "8:2"), partition);
        Directory.CreateSymbolicLink(Path.Combine(sys, "dev", "block", "8:0"), disk);
        string mountInfo = root.File("mountinfo");
        File.WriteAllText(mountInfo, "27 1 8:2 / / rw - ext4 /dev/sda2 rw\n28 27 8:0 / /raw rw - ext4 /dev/sda rw\n");

        Assert.Equal(new BlockIoThrottleDisk("sda", "8:0"), BlockIoThrottleDisk.For("/home/x.bin", mountInfo, sys, out string reason));
        Assert.Contains("sda2 (8:2) is a partition of sda (8:0)", reason);
        Assert.Equal(new BlockIoThrottleDisk("sda", "8:0"), BlockIoThrottleDisk.For("/raw/x.bin", mountInfo, sys, out _));
    }

    [ThrottleFact]
    public void A_throttle_caps_a_child_process_lifts_the_cap_and_puts_the_process_back()
    {
        using var sleeper = ShortLivedProcess.Start();
        string before = File.ReadAllText($"/proc/{sleeper.Id}/cgroup");
        string host = File.ReadAllText("/proc/self/cgroup");

        var throttle = BlockIoThrottle.TryCreate(ThrottleFactAttribute.DiskFile, sleeper.Id, out string reason);
        Assert.True(throttle is not null, reason);
        string cgroup = throttle!.Cgroup;
        try
        {
            Assert.Equal([sleeper.Id], throttle.Processes());
            Assert.Contains(Path.GetFileName(cgroup), File.ReadAllText($"/proc/{sleeper.Id}/cgroup"));
            Assert.True(throttle.Current().IsLifted);

            var cap = new BlockIoThrottleCap(200, 50_000_000);
            throttle.Limit(cap);
            Assert.Equal(cap, throttle.Current());
            Assert.Contains(LimitLine(throttle, 200), LimitFileText(throttle));

            throttle.Lift();
            Assert.True(throttle.Current().IsLifted);
            Assert.DoesNotContain(throttle.Disk.MajorMinor + " ", LimitFileText(throttle));
        }
        finally
        {
            throttle.Dispose();
        }

        Assert.False(Directory.Exists(cgroup), $"{cgroup} was left behind");
        Assert.Equal(before, File.ReadAllText($"/proc/{sleeper.Id}/cgroup"));
        Assert.Equal(host, File.ReadAllText("/proc/self/cgroup")); // the test host never moved
    }

    private static IReadOnlyList<BlockIoThrottleCandidate> Candidates(string procCgroup, string mountInfo) =>
        BlockIoThrottleHierarchies.Candidates(
            BlockIoThrottleHierarchies.ParseMemberships(procCgroup), BlockIoThrottleHierarchies.ParseMounts(mountInfo));

    /// <summary>The kernel's own line for the IOPS cap, as the cgroup file lists it.</summary>
    private static string LimitLine(BlockIoThrottle throttle, long iops) => throttle.Version == CgroupVersion.V2
        ? $"{throttle.Disk.MajorMinor} rbps=50000000 wbps=max riops={iops} wiops=max"
        : $"{throttle.Disk.MajorMinor} {iops}";

    private static string LimitFileText(BlockIoThrottle throttle) => File.ReadAllText(Path.Combine(throttle.Cgroup,
        throttle.Version == CgroupVersion.V2 ? BlockIoThrottleLines.V2File : BlockIoThrottleLines.V1IopsFile));
}
