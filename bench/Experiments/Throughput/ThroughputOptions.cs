using System.CommandLine;
using System.Globalization;
using FlashBench.Bench.Cli;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Throughput;

namespace FlashBench.Bench.Experiments.Throughput;

/// <summary>The design of one throughput run: the profile's grid, overridden by options.</summary>
public sealed record ThroughputOptions
{
    public required IReadOnlyList<ReadMethod> Methods { get; init; }
    public required IReadOnlyList<int> ChunkSizes { get; init; }
    public required IReadOnlyList<int> ThreadCounts { get; init; }
    /// <summary>io_uring's reads in flight per reader thread; the blocking methods always have one.</summary>
    public required IReadOnlyList<int> QueueDepths { get; init; }
    /// <summary>io_uring's reader threads (one ring each): its parallelism comes from the depth, so one or two.</summary>
    public required IReadOnlyList<int> QueueThreads { get; init; }
    public required long FileBytes { get; init; }
    public required TimeSpan IterationDuration { get; init; }
    /// <summary>Measured iterations per point and pass; a pass's figure for a point is their median.</summary>
    public required int Iterations { get; init; }
    /// <summary>Passes over the grid; each visits the points in a fresh shuffled order, and a point's figure is the median
    /// across passes (the spread across passes beside it).</summary>
    public required int Passes { get; init; }
    public required string DataDirectory { get; init; }
    public bool Verify { get; init; }
    /// <summary>fio at the same point right after each iteration of the methods fio mirrors (direct): the device reference
    /// that `compare` divides the device's drift out with.</summary>
    public bool FioReference { get; init; }
    /// <summary>Refuse a grid whose passes cannot fit this many minutes (the reading time alone).</summary>
    public double? MaxMinutes { get; init; }

    public int PointCount => Points().Count;

    /// <summary>The grid: chunk × threads for the blocking methods, chunk × io_uring threads × depth for io_uring.</summary>
    public IReadOnlyList<ThroughputPoint> Points(IReadOnlyList<ReadMethod>? methods = null) =>
        (methods ?? Methods).SelectMany(m => ChunkSizes.SelectMany(c => m.HasQueueDepth()
            ? QueueThreads.SelectMany(t => QueueDepths.Select(d => new ThroughputPoint(m, c, t, d)))
            : ThreadCounts.Select(t => new ThroughputPoint(m, c, t)))).ToList();

    /// <summary>The least time the grid takes: every point, pass and iteration reads for at least the iteration time.</summary>
    public TimeSpan MinimumDuration => IterationDuration * ((double)PointCount * Passes * Iterations);

    /// <summary>Grids per profile. Chunk sizes are powers of two from 4 KiB (one page) to 1 MiB and include 16 KiB and
    /// 32 KiB, the paper's bundle sizes for OPT 6.7B in fp16 and fp32 (§3.2). A point is measured once per pass for at
    /// least a second (and 20 completed reads per reader), in three passes with a fresh order each, so a burst or a drift
    /// of the device lands on different points in each pass and the median sees through it. The default grid keeps the
    /// whole default suite within 15 minutes on the 2-core reference machine; --full measures every point.</summary>
    public static ThroughputOptions ForProfile(Profile profile, string dataDirectory) => profile switch
    {
        Profile.Quick => new()
        {
            Methods = [ReadMethod.Direct, ReadMethod.Buffered, ReadMethod.MmapRandom, ReadMethod.IoUring],
            ChunkSizes = [4 << 10, 32 << 10, 1 << 20],
            ThreadCounts = [1, 32],
            QueueDepths = [32],
            QueueThreads = [1],
            FileBytes = 4L << 30,
            IterationDuration = TimeSpan.FromMilliseconds(250),
            Iterations = 1,
            Passes = 2,
            DataDirectory = dataDirectory,
        },
        Profile.Standard => new()
        {
            // not mmap-normal: read-ahead pulls about 8 MiB per 4 KiB fault here, so its 45 points read ~160 GB from the
            // device (almost half of the suite's bytes) to show one thing; --full and --methods still measure it
            Methods = [.. ReadMethods.All.Where(m => m != ReadMethod.MmapNormal)],
            ChunkSizes = [4 << 10, 16 << 10, 32 << 10, 128 << 10, 1 << 20],
            ThreadCounts = [1, 4, 32],
            // one ring at the depths that face psync's 4 and 32 threads: 10 points, about 40 s of the suite
            QueueDepths = [4, 32],
            QueueThreads = [1],
            FileBytes = 8L << 30,
            IterationDuration = TimeSpan.FromSeconds(1),
            Iterations = 1,
            Passes = 3,
            DataDirectory = dataDirectory,
        },
        _ => new()
        {
            Methods = ReadMethods.All,
            ChunkSizes = PowersOfTwo(4 << 10, 4 << 20),
            ThreadCounts = [1, 2, 4, 8, 16, 32, 64],
            QueueDepths = [1, 4, 16, 32, 128],
            QueueThreads = [1, 2],
            FileBytes = 32L << 30,
            IterationDuration = TimeSpan.FromSeconds(2),
            Iterations = 3,
            Passes = 5,
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
            if (Methods.Any(m => m.NeedsAlignment()) && (chunk < 512 || (chunk & (chunk - 1)) != 0))
                throw new UsageException($"--chunks: {chunk} bytes is not a power of two of at least 512, which O_DIRECT (method direct) needs");
        }
        if (QueueDepths.Count == 0 || QueueDepths.Any(d => d < 1 || d > IoUringQueue.MaxDepth))
            throw new UsageException($"--queue-depths: every depth must be 1…{IoUringQueue.MaxDepth}");
        if (Iterations < 1)
            throw new UsageException("--iterations must be at least 1");
        if (Passes < 1)
            throw new UsageException("--passes must be at least 1");
        if (IterationDuration < TimeSpan.FromMilliseconds(100))
            throw new UsageException("--iteration-ms must be at least 100 (each invocation reads for ≥ 100 ms)");
        if (MaxMinutes is { } limit && MinimumDuration.TotalMinutes > limit)
            throw new UsageException(string.Create(CultureInfo.InvariantCulture,
                $"--max-minutes: {PointCount} points × {Passes} passes × {Iterations} iterations of {IterationDuration.TotalSeconds:0.###} s need at least {MinimumDuration.TotalMinutes:0.#} min of reading, more than {limit:0.#}"));
    }

    /// <summary>The throughput command's own options.</summary>
    public sealed class Binder : IOptionBinder<ThroughputOptions>
    {
        private readonly Option<bool> _verify = CommonOptions.Verify();
        private readonly Option<string?> _methods = new("--methods") { Description = $"Read methods, comma-separated: {ReadMethods.NameList}" };
        private readonly Option<string?> _chunks = new("--chunks") { Description = "Chunk sizes, comma-separated (4K,32K,1M)" };
        private readonly Option<string?> _threads = new("--threads") { Description = "Thread counts, comma-separated (1,8,32)" };
        private readonly Option<string?> _queueDepths = new("--queue-depths") { Description = "io_uring's reads in flight per reader thread, comma-separated (1,4,16,32,128)" };
        private readonly Option<string?> _queueThreads = new("--queue-threads") { Description = "io_uring's reader threads (one ring each), comma-separated (1,2)" };
        private readonly Option<string?> _fileSize = new("--file-size") { Description = "Size of the test file (default: 4G quick, 8G standard, 32G full)" };
        private readonly Option<int?> _iterations = new("--iterations") { Description = "Measured iterations per grid point and pass" };
        private readonly Option<int?> _iterationMs = new("--iteration-ms") { Description = "Reading time per iteration, ms (≥ 100)" };
        private readonly Option<int?> _passes = new("--passes") { Description = "Passes over the grid, each in a fresh shuffled order (a point's figure is the median over passes)" };
        private readonly Option<string?> _reference = new("--reference") { Description = "fio: run fio at the same point after each direct and io_uring iteration (same engine and depth), the device reference `compare` uses; none (default)" };
        private readonly Option<double?> _maxMinutes = new("--max-minutes") { Description = "Refuse a grid whose passes cannot fit this many minutes of reading" };

        public IEnumerable<Option> Options => [_methods, _chunks, _threads, _queueDepths, _queueThreads, _fileSize, _iterations, _iterationMs, _passes, _reference, _maxMinutes, _verify];

        public ThroughputOptions Apply(ThroughputOptions options, ParseResult parse)
        {
            if (parse.GetValue(_methods) is { } methods)
                options = options with { Methods = ValueParsers.Methods(methods, "--methods") };
            if (parse.GetValue(_chunks) is { } chunks)
                options = options with { ChunkSizes = ValueParsers.Sizes(chunks, "--chunks") };
            if (parse.GetValue(_threads) is { } threads)
                options = options with { ThreadCounts = ValueParsers.PositiveInts(threads, "--threads", max: 256) };
            if (parse.GetValue(_queueDepths) is { } depths)
                options = options with { QueueDepths = ValueParsers.PositiveInts(depths, "--queue-depths", max: IoUringQueue.MaxDepth) };
            if (parse.GetValue(_queueThreads) is { } queueThreads)
                options = options with { QueueThreads = ValueParsers.PositiveInts(queueThreads, "--queue-threads", max: 64) };
            if (parse.GetValue(_fileSize) is { } fileSize)
                options = options with { FileBytes = ValueParsers.Bytes(fileSize, "--file-size") };
            if (parse.GetValue(_iterations) is { } iterations)
                options = options with { Iterations = iterations };
            if (parse.GetValue(_iterationMs) is { } iterationMs)
                options = options with { IterationDuration = TimeSpan.FromMilliseconds(iterationMs) };
            if (parse.GetValue(_passes) is { } passes)
                options = options with { Passes = passes };
            if (parse.GetValue(_reference) is { } reference)
            {
                options = options with
                {
                    FioReference = reference.Trim().ToLowerInvariant() switch
                    {
                        "fio" => true,
                        "none" => false,
                        _ => throw new UsageException($"--reference: '{reference}' is neither fio nor none"),
                    },
                };
            }
            if (parse.GetValue(_maxMinutes) is { } maxMinutes)
                options = options with { MaxMinutes = maxMinutes > 0 ? maxMinutes : throw new UsageException($"--max-minutes: {maxMinutes} is not a positive number of minutes") };
            return options with { Verify = parse.GetValue(_verify) };
        }
    }
}
