namespace FlashBench.Core.ReadPaths;

/// <summary>The ways FlashBench reads flash. Every result row carries the method's <see cref="ReadMethods.Name"/>.</summary>
public enum ReadMethod
{
    /// <summary>libc open(O_DIRECT) + pread: the page cache is bypassed, as in the paper (§4.1).</summary>
    Direct,
    /// <summary>RandomAccess.Read (pread) through the page cache, evicted before each iteration.</summary>
    Buffered,
    /// <summary>mmap with MADV_NORMAL: faults read ahead around the touched page.</summary>
    MmapNormal,
    /// <summary>mmap with MADV_RANDOM: each fault reads one page, whatever the chunk size.</summary>
    MmapRandom,
    /// <summary>mmap (MADV_RANDOM) with madvise(MADV_WILLNEED) on each chunk's range before touching it.</summary>
    MmapWillNeed,
    /// <summary>io_uring on an O_DIRECT descriptor: the file and the buffers registered, up to a queue depth of reads in
    /// flight per reader thread (Linux's asynchronous path; fio's io_uring engine).</summary>
    IoUring,
}

public static class ReadMethods
{
    public static IReadOnlyList<ReadMethod> All { get; } = Enum.GetValues<ReadMethod>();

    public static string Name(this ReadMethod method) => method switch
    {
        ReadMethod.Direct => "direct",
        ReadMethod.Buffered => "buffered",
        ReadMethod.MmapNormal => "mmap-normal",
        ReadMethod.MmapRandom => "mmap-random",
        ReadMethod.MmapWillNeed => "mmap-willneed",
        ReadMethod.IoUring => "io_uring",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>The exact system-level read path, for reports and run.json.</summary>
    public static string Describe(this ReadMethod method) => method switch
    {
        ReadMethod.Direct => "pread on open(O_RDONLY|O_DIRECT|O_CLOEXEC), page-aligned buffers; page cache bypassed",
        ReadMethod.Buffered => "pread (RandomAccess.Read) through the page cache; file evicted (posix_fadvise DONTNEED) before each iteration",
        ReadMethod.MmapNormal => "mmap + madvise(MADV_NORMAL), pages touched; file evicted before each iteration",
        ReadMethod.MmapRandom => "mmap + madvise(MADV_RANDOM), pages touched; file evicted before each iteration",
        ReadMethod.MmapWillNeed => "mmap + madvise(MADV_RANDOM), madvise(MADV_WILLNEED) on the chunk then touched; file evicted before each iteration",
        ReadMethod.IoUring => "io_uring (raw syscalls) on open(O_RDONLY|O_DIRECT|O_CLOEXEC): fixed file, registered page-aligned buffers, IORING_OP_READ_FIXED, queue-depth reads in flight per reader thread, completions reaped from the ring; page cache bypassed",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>Reads go straight to the device (O_DIRECT / F_NOCACHE): nothing to evict, and pages found in the
    /// cache afterwards mean the file system fell back to buffered I/O.</summary>
    public static bool BypassesPageCache(this ReadMethod method) => method is ReadMethod.Direct or ReadMethod.IoUring;

    /// <summary>Keeps more than one read in flight per reader thread (a queue depth), so the grid has a depth axis.</summary>
    public static bool HasQueueDepth(this ReadMethod method) => method == ReadMethod.IoUring;

    /// <summary>Whether the method can read <paramref name="filePath"/> here, and why not: O_DIRECT refused or memory-backed
    /// for the methods that bypass the page cache, io_uring unavailable for io_uring.</summary>
    public static DirectIoSupport Availability(this ReadMethod method, string filePath) => method switch
    {
        ReadMethod.IoUring => IoUringProbe.Check(filePath),
        ReadMethod.Direct => DirectIoProbe.Check(filePath),
        _ => new DirectIoSupport(true, "reads through the page cache"),
    };

    /// <summary>Offsets, lengths and buffers must be aligned to the device's logical block (O_DIRECT).</summary>
    public static bool NeedsAlignment(this ReadMethod method) => method.BypassesPageCache();

    /// <summary>Reads fault pages of one shared mapping; the other methods pread through a descriptor each reader
    /// opens for itself (as fio opens one per job).</summary>
    public static bool IsMapped(this ReadMethod method) =>
        method is ReadMethod.MmapNormal or ReadMethod.MmapRandom or ReadMethod.MmapWillNeed;

    public static bool TryParse(string text, out ReadMethod method)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Name(), text.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                method = candidate;
                return true;
            }
        }
        method = default;
        return false;
    }

    public static string NameList => string.Join(", ", All.Select(Name));
}
