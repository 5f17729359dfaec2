using System.Diagnostics;
using FlashBench.Core.Machine;
using FlashBench.Core.Native;
using FlashBench.Core.ReadPaths;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Machine;

public sealed class BlockDeviceTests
{
    [Fact]
    public void A_file_here_resolves_to_the_device_the_kernel_reports_for_it()
    {
        using var directory = new TempDirectory();
        string file = directory.File("probe.bin");
        File.WriteAllBytes(file, new byte[8192]);

        var resolution = BlockDeviceResolver.For(file);

        Assert.True(resolution.Device is not null, resolution.Detail);
        // GNU stat prints the major:minor of the file's device: independent of mountinfo parsing
        Assert.Equal(Run("stat", "-c", "%Hd:%Ld", file), resolution.Device!.MajorMinor);
        if (resolution.Device.MajorMinor == "254:0")
            Assert.Equal("vda", resolution.Device.Name); // the reference machine: ext4 on /dev/vda
    }

    [Fact]
    public void The_device_counter_grows_by_at_least_what_O_DIRECT_read()
    {
        using var directory = new TempDirectory();
        var file = FlashBench.Core.Storage.TestFileGenerator.Ensure(directory.Path, 8L << 20);
        using var counter = BlockDeviceCounter.TryOpen(file.Path, out var resolution);
        Assert.True(counter is not null, resolution.Detail);
        using var path = new DirectReadPath(file.Path);
        using var buffer = new AlignedBuffer(1 << 20);

        var before = counter!.Read();
        for (long offset = 0; offset < file.Bytes; offset += 1 << 20)
            path.Read(offset, 1 << 20, buffer);
        var after = counter.Read();

        Assert.True(after.BytesRead - before.BytesRead >= file.Bytes, $"device read {after.BytesRead - before.BytesRead} bytes for {file.Bytes} read with O_DIRECT");
    }

    [Fact]
    public void Stat_lines_give_sectors_read_written_and_in_flight()
    {
        Assert.True(BlockDeviceStat.TryParse("   78781    18562  2760488    23179     9138    19842  5392696    32218        3    20196    55877\n"u8, out var stat));
        Assert.Equal(new BlockDeviceStat(2760488, 5392696, 3), stat);
        Assert.Equal(2760488L * 512, stat.BytesRead);
        Assert.False(BlockDeviceStat.TryParse("1 2 3"u8, out _));
        Assert.False(BlockDeviceStat.TryParse("a b c d e f g h i"u8, out _));
    }

    [Fact]
    public void Mountinfo_lines_give_device_numbers_and_the_longest_mount_holds_a_path()
    {
        var entries = MountTable.Parse(
            "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\n" +
            "30 27 0:27 / /dev/shm rw - tmpfs tmpfs rw\n" +
            "40 27 8:17 / /mnt/my\\040disk rw shared:1 - xfs /dev/sdb1 rw\n" +
            "garbage line\n");
        Assert.Equal(3, entries.Count);
        Assert.Equal("/mnt/my disk", entries[2].MountPoint);
        Assert.Equal("8:17", MountTable.Containing(entries, "/mnt/my disk/data/x.bin")!.MajorMinor);
        Assert.Equal("254:0", MountTable.Containing(entries, "/mnt/my diskette")!.MajorMinor);
        Assert.Equal("tmpfs", MountTable.Containing(entries, "/dev/shm/x")!.FileSystem);
    }

    [Fact]
    public void Partitions_device_mapper_and_loop_devices_resolve_to_their_own_counters()
    {
        using var tree = new FakeSysTree();
        tree.Mount("8:1", "/", "ext4", "/dev/sda1");
        tree.Mount("253:0", "/srv", "xfs", "/dev/mapper/vg-srv");
        tree.Mount("7:0", "/images/inner", "ext4", "/dev/loop0");
        tree.Mount("0:42", "/run/user", "tmpfs", "tmpfs");
        tree.Mount("0:51", "/data", "btrfs", "/dev/sdb");
        tree.Device("8:1", "devices/pci0/block/sda/sda1", partition: true);
        tree.Device("253:0", "devices/virtual/block/dm-0");
        tree.Device("7:0", "devices/virtual/block/loop0", backingFile: "/srv/disk.img");
        tree.Device("8:16", "devices/pci0/block/sdb", className: "sdb");

        Assert.Equal(("sda1", "8:1"), Found(tree.Resolve("/home/x.bin")));
        Assert.Equal(("dm-0", "253:0"), Found(tree.Resolve("/srv/x.bin")));
        var loop = tree.Resolve("/images/inner/x.bin");
        Assert.Equal(("dm-0", "253:0"), Found(loop)); // the device under the loop device's backing file
        Assert.Contains("loop0 → /srv/disk.img", loop.Device!.Description);
        Assert.Equal(("sdb", "8:16"), Found(tree.Resolve("/data/x.bin")));

        var none = tree.Resolve("/run/user/x");
        Assert.Null(none.Device);
        Assert.Contains("tmpfs", none.Detail);
    }

    [Fact]
    public void A_device_is_quiet_after_nothing_moved_for_the_quiet_period()
    {
        var detector = new QuietDetector(TimeSpan.FromSeconds(2));
        Assert.False(detector.Observe(TimeSpan.FromSeconds(0), new BlockDeviceStat(0, 100, 0)));
        Assert.False(detector.Observe(TimeSpan.FromSeconds(1), new BlockDeviceStat(0, 150, 0)));  // still writing
        Assert.False(detector.Observe(TimeSpan.FromSeconds(2), new BlockDeviceStat(0, 150, 0)));
        Assert.False(detector.Observe(TimeSpan.FromSeconds(3), new BlockDeviceStat(0, 150, 1)));  // something in flight
        Assert.False(detector.Observe(TimeSpan.FromSeconds(4), new BlockDeviceStat(0, 150, 0)));
        Assert.False(detector.Observe(TimeSpan.FromSeconds(5), new BlockDeviceStat(9, 150, 0)));  // reads do not count
        Assert.True(detector.Observe(TimeSpan.FromSeconds(6), new BlockDeviceStat(9, 150, 0)));
    }

    private static (string, string) Found(BlockDeviceResolution resolution)
    {
        Assert.True(resolution.Device is not null, resolution.Detail);
        return (resolution.Device!.Name, resolution.Device.MajorMinor);
    }

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return output;
    }

    /// <summary>A made-up /proc/self/mountinfo and /sys with the links and files the resolver reads.</summary>
    private sealed class FakeSysTree : IDisposable
    {
        private readonly TempDirectory _root = new();
        private readonly List<string> _mounts = [];

        private string Sys => Path.Combine(_root.Path, "sys");

        public void Mount(string majorMinor, string point, string fileSystem, string source) =>
            _mounts.Add($"{_mounts.Count + 20} 1 {majorMinor} / {point} rw - {fileSystem} {source} rw");

        public void Device(string majorMinor, string relative, bool partition = false, string? backingFile = null, string? className = null)
        {
            string directory = Path.Combine(Sys, relative);
            Directory.CreateDirectory(directory);
            File.WriteAllText(Path.Combine(directory, "stat"), "1 0 8 0 1 0 8 0 0 0 0\n");
            if (partition)
                File.WriteAllText(Path.Combine(directory, "partition"), "1\n");
            if (backingFile is not null)
            {
                Directory.CreateDirectory(Path.Combine(directory, "loop"));
                File.WriteAllText(Path.Combine(directory, "loop", "backing_file"), backingFile + "\n");
            }
            Directory.CreateDirectory(Path.Combine(Sys, "dev", "block"));
            Directory.CreateSymbolicLink(Path.Combine(Sys, "dev", "block", majorMinor), directory);
            if (className is not null)
            {
                Directory.CreateDirectory(Path.Combine(Sys, "class", "block", className));
                File.WriteAllText(Path.Combine(Sys, "class", "block", className, "dev"), majorMinor + "\n");
            }
        }

        public BlockDeviceResolution Resolve(string path)
        {
            string mountInfo = Path.Combine(_root.Path, "mountinfo");
            File.WriteAllText(mountInfo, string.Join("\n", _mounts) + "\n");
            return BlockDeviceResolver.For(path, mountInfo, Sys);
        }

        public void Dispose() => _root.Dispose();
    }
}
