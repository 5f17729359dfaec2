using FlashBench.Core.Loading;
using FlashBench.Core.Memory;
using FlashBench.Core.Models;
using FlashBench.Core.Weights;

namespace FlashBench.Bench.Experiments.Sparse;

/// <summary>One benchmark case of a sparse experiment: which file, window and manager.</summary>
public sealed record SparseCase(string Key, Precision Precision, WeightLayout Layout, int Window, NeuronManager Manager)
{
    public static SparseCase Of(Precision precision, WeightLayout layout, int window, NeuronManager manager) =>
        new($"{precision.Name}/{layout.Name()}/k{window:00}/{manager.Name()}", precision, layout, window, manager);
}

/// <summary>A case made ready to run: its weight file and per-layer Req.</summary>
public sealed record PreparedCase(SparseCase Case, WeightFile File, int[] Required)
{
    /// <summary>DRAM the case's matrices need at most: Req rows of every layer; the naive manager also holds the
    /// old and the new buffer of one layer at once during an update.</summary>
    public long RequiredBytes => (Required.Sum(r => (long)r) + (Case.Manager == NeuronManager.Naive ? Required.Max() : 0)) * File.Format.NeuronBytes;

    public LoaderOptions LoaderOptions(SparseOptions options) =>
        new(Case.Window, options.Threads, Case.Manager, options.Method, options.Verify);
}
