using FlashBench.Core.ReadPaths;
using FlashBench.Core.Storage;
using FlashBench.Core.Throughput;

namespace FlashBench.Bench.Benchmarks;

/// <summary>Everything one throughput run needs, handed to the in-process benchmark class.</summary>
public sealed class ThroughputPlan(TestFile file, IReadOnlyList<ReadMethod> methods, IReadOnlyList<int> chunkSizes,
    IReadOnlyList<int> threadCounts, ThroughputSettings settings, int iterations, Action<ThroughputPoint> onPointFinished)
{
    public TestFile File { get; } = file;
    public IReadOnlyList<ReadMethod> Methods { get; } = methods;
    public IReadOnlyList<int> ChunkSizes { get; } = chunkSizes;
    public IReadOnlyList<int> ThreadCounts { get; } = threadCounts;
    public ThroughputSettings Settings { get; } = settings;
    public int Iterations { get; } = iterations;
    public IterationLog<IterationMeasurement> Log { get; } = new();

    public void OnPointFinished(ThroughputPoint point) => onPointFinished(point);

    /// <summary>The measured iterations so far (warm-up and jitting iterations dropped), renumbered from 0.</summary>
    public IReadOnlyList<IterationMeasurement> MeasuredIterations() =>
        Log.Measured(Iterations).SelectMany(c => c.Items.Select((m, i) => m with { Iteration = i })).ToList();
}
