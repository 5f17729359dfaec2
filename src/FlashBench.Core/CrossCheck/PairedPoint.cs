using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;
using FlashBench.Core.Throughput.Offsets;

namespace FlashBench.Core.CrossCheck;

/// <summary>The fio cross-check at one direct-method point: FlashBench's direct method (a <see cref="ThroughputRunner"/>
/// reading for fio's runtime) and fio on the same file, in <see cref="PairedRound"/>s. The lead's lifecycle calls
/// <see cref="RunRound"/> once per round and writes the rows to fio.csv.</summary>
public sealed class PairedPoint : IDisposable
{
    /// <summary>The pass number the cross-check's reads use in their stream keys: apart from every grid pass.</summary>
    public const int StreamPass = int.MaxValue;

    /// <summary>Five rounds give the fio ÷ fio band five control ratios (ten with their reciprocals); three-second rounds
    /// outlast the bursts of a few hundred milliseconds seen on the reference disk.</summary>
    public const int DefaultRounds = 5;

    public static readonly TimeSpan DefaultRuntime = TimeSpan.FromSeconds(3);

    /// <summary>The quick profile: the fewest rounds that still give a band (two control ratios), one second each.</summary>
    public const int QuickRounds = 2;

    public static readonly TimeSpan QuickRuntime = TimeSpan.FromSeconds(1);

    private readonly ThroughputRunner _runner;

    public PairedPoint(TestFile file, int chunkBytes, int threads, TimeSpan runtime, ulong seed, RunReadMap? readMap = null)
        : this(file, new ThroughputPoint(ReadMethod.Direct, chunkBytes, threads), runtime, seed, readMap)
    {
    }

    /// <summary>Any point of a method fio mirrors (<see cref="FioJob.Mirrors"/>): direct, or io_uring at its depth.</summary>
    public PairedPoint(TestFile file, ThroughputPoint point, TimeSpan runtime, ulong seed, RunReadMap? readMap = null)
    {
        if (!FioJob.Mirrors(point.Method))
            throw new ArgumentException($"fio does not mirror the {point.Method.Name()} method", nameof(point));
        Job = new FioJob(file.Path, point.ChunkBytes, point.Threads, runtime, point.Method, point.QueueDepth);
        _runner = new ThroughputRunner(file, point, new ThroughputSettings(runtime, Seed: seed), readMap, StreamPass);
    }

    public FioJob Job { get; }

    /// <summary>FlashBench's iterations of the rounds so far (excluded ones included: the check reports them).</summary>
    public List<IterationMeasurement> FlashBenchIterations { get; } = [];

    public FioRow RunRound(int round, int rounds, CancellationToken cancellation = default) =>
        PairedRound.Run(Job, round, rounds, () =>
        {
            var measurement = _runner.MeasureOnce();
            FlashBenchIterations.Add(measurement);
            return measurement.ThroughputMegabytesPerSecond;
        }, cancellation);

    public void Dispose() => _runner.Dispose();
}
