using System.Globalization;

namespace FlashBench.Core.CrossCheck;

/// <summary>The fio job that mirrors FlashBench's `direct` method at one grid point: synchronous pread
/// (psync) on an O_DIRECT descriptor, uniformly random chunk-aligned offsets with replacement (norandommap),
/// one job per thread, reported as a group.</summary>
public sealed record FioJob(string FilePath, int ChunkBytes, int Threads, TimeSpan Runtime)
{
    public IReadOnlyList<string> Arguments() =>
    [
        "--name=flashbench-crosscheck",
        $"--filename={FilePath}",
        "--readonly",
        "--rw=randread",
        $"--bs={ChunkBytes}",
        "--ioengine=psync",
        "--direct=1",
        "--norandommap",
        "--randrepeat=0",
        $"--numjobs={Threads}",
        "--thread",
        "--group_reporting",
        "--time_based",
        $"--runtime={Runtime.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s",
        "--output-format=json",
    ];
}
