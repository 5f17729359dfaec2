using System.Globalization;

namespace FlashBench.Core.CrossCheck;

/// <summary>The fio job that mirrors FlashBench's `direct` method at one grid point: synchronous pread (psync) on an
/// O_DIRECT descriptor, one job (thread, own descriptor) per reader, reported as a group, chunk-aligned random offsets.
/// Fresh offsets like FlashBench's: randrepeat=0 seeds fio's generators anew each run, and fio's random map (the
/// default; no norandommap) reads each block once per pass over the file, as the run's read map does.</summary>
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
        "--randrepeat=0",
        $"--numjobs={Threads}",
        "--thread",
        "--group_reporting",
        "--time_based",
        // whole milliseconds: fio reads "0.25s" as 0 s, which with time_based means no end
        $"--runtime={Math.Max(1, (long)Math.Round(Runtime.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture)}ms",
        "--output-format=json",
    ];
}
