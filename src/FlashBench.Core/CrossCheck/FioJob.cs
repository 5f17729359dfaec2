using System.Globalization;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.CrossCheck;

/// <summary>The fio job that mirrors a FlashBench method at one grid point, one job (thread, own descriptor) per reader,
/// reported as a group, chunk-aligned random offsets, O_DIRECT: for `direct` synchronous pread (psync); for `io_uring`
/// fio's io_uring engine at the same depth with registered buffers (fixedbufs) and a registered file (registerfiles),
/// as FlashBench's rings have.
/// Fresh offsets like FlashBench's: randrepeat=0 seeds fio's generators anew each run, and fio's random map (the
/// default; no norandommap) reads each block once per pass over the file, as the run's read map does.</summary>
public sealed record FioJob(string FilePath, int ChunkBytes, int Threads, TimeSpan Runtime, ReadMethod Method = ReadMethod.Direct, int QueueDepth = 1)
{
    /// <summary>The methods fio mirrors.</summary>
    public static bool Mirrors(ReadMethod method) => method is ReadMethod.Direct or ReadMethod.IoUring;

    /// <summary>fio's engine and settings, as fio.csv's engine column says them.</summary>
    public string Engine => Method == ReadMethod.IoUring
        ? $"fio io_uring iodepth={QueueDepth} fixedbufs registerfiles direct=1 randread"
        : "fio psync direct=1 randread";

    public IReadOnlyList<string> Arguments() =>
    [
        "--name=flashbench-crosscheck",
        $"--filename={FilePath}",
        "--readonly",
        "--rw=randread",
        $"--bs={ChunkBytes}",
        .. EngineArguments(),
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

    private IReadOnlyList<string> EngineArguments() => Method switch
    {
        ReadMethod.Direct => ["--ioengine=psync"],
        ReadMethod.IoUring => ["--ioengine=io_uring", $"--iodepth={QueueDepth.ToString(CultureInfo.InvariantCulture)}", "--fixedbufs", "--registerfiles"],
        _ => throw new ArgumentOutOfRangeException(nameof(Method), $"fio does not mirror the {Method.Name()} method"),
    };
}
