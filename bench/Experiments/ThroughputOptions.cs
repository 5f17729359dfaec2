using FlashBench.Bench.Cli;
using FlashBench.Core;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Bench.Experiments;

/// <summary>The validated settings of one throughput run: the profile's grid, overridden by options.</summary>
public sealed record ThroughputOptions
{
    public required Profile Profile { get; init; }
    public required IReadOnlyList<ReadMethod> Methods { get; init; }
    public required IReadOnlyList<int> ChunkSizes { get; init; }
    public required IReadOnlyList<int> ThreadCounts { get; init; }
    public required long FileBytes { get; init; }
    public required TimeSpan IterationDuration { get; init; }
    public required int Iterations { get; init; }
    public required int Warmups { get; init; }
    public required string DataDirectory { get; init; }
    public bool Verify { get; init; }

    /// <summary>Grids per profile. Chunk sizes are powers of two from 4 KiB (one page) to 1 MiB and include
    /// 16 KiB and 32 KiB, the paper's bundle sizes for OPT 6.7B in fp16 and fp32 (§3.2). The iteration time
    /// keeps every invocation ≥ 100 ms of reading; the file is large enough that one iteration reads a small
    /// fraction of it.</summary>
    public static ThroughputOptions ForProfile(Profile profile, string dataDirectory) => profile switch
    {
        Profile.Quick => new()
        {
            Profile = profile,
            Methods = [ReadMethod.Direct, ReadMethod.Buffered, ReadMethod.MmapRandom],
            ChunkSizes = [4 << 10, 16 << 10, 32 << 10, 128 << 10, 1 << 20],
            ThreadCounts = [1, 8, 32],
            FileBytes = 4L << 30,
            IterationDuration = TimeSpan.FromMilliseconds(150),
            Iterations = 3,
            Warmups = 0,
            DataDirectory = dataDirectory,
        },
        Profile.Standard => new()
        {
            Profile = profile,
            Methods = ReadMethods.All,
            ChunkSizes = PowersOfTwo(4 << 10, 1 << 20),
            ThreadCounts = [1, 2, 4, 8, 16, 32],
            FileBytes = 8L << 30,
            IterationDuration = TimeSpan.FromMilliseconds(200),
            Iterations = 5,
            Warmups = 1,
            DataDirectory = dataDirectory,
        },
        _ => new()
        {
            Profile = profile,
            Methods = ReadMethods.All,
            ChunkSizes = PowersOfTwo(4 << 10, 4 << 20),
            ThreadCounts = [1, 2, 4, 8, 16, 32, 64],
            FileBytes = 32L << 30,
            IterationDuration = TimeSpan.FromMilliseconds(500),
            Iterations = 10,
            Warmups = 1,
            DataDirectory = dataDirectory,
        },
    };

    private static int[] PowersOfTwo(int from, int to)
    {
        var sizes = new List<int>();
        for (int size = from; size <= to; size *= 2)
            sizes.Add(size);
        return [.. sizes];
    }

    /// <summary>Refuses what cannot be measured, with one line naming the option.</summary>
    public void Validate()
    {
        if (FileBytes < 64L << 20 || FileBytes % (1 << 20) != 0)
            throw new UsageException($"--file-size: {Units.FormatBytes(FileBytes)} must be a whole number of MiB, at least 64 MiB");
        foreach (int chunk in ChunkSizes)
        {
            if (chunk > FileBytes / 16)
                throw new UsageException($"--chunks: {Units.FormatChunk(chunk)} is too large for a {Units.FormatBytes(FileBytes)} file (at most 1/16 of it)");
            if (Methods.Contains(ReadMethod.Direct) && (chunk < 512 || (chunk & (chunk - 1)) != 0))
                throw new UsageException($"--chunks: {chunk} bytes is not a power of two of at least 512, which O_DIRECT (method direct) needs");
        }
        if (Iterations < 1)
            throw new UsageException("--iterations must be at least 1");
        if (IterationDuration < TimeSpan.FromMilliseconds(100))
            throw new UsageException("--iteration-ms must be at least 100 (each invocation reads for ≥ 100 ms)");
        string full = Path.GetFullPath(DataDirectory);
        string? parent = Path.GetDirectoryName(full.TrimEnd('/'));
        if (!Directory.Exists(full) && (parent is null || !Directory.Exists(parent)))
            throw new UsageException($"--data-dir: the folder containing {DataDirectory} does not exist");
    }
}
