using FlashBench.Core.Memory;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Sparsity;
using FlashBench.Core.Weights;

namespace FlashBench.Core.Loading;

/// <summary>Ready-made loaders for callers that run a trace token by token (e.g. per-token inference).</summary>
public static class NeuronLoaders
{
    /// <summary>The naive per-neuron loader: every token reads its whole predicted set (no window).</summary>
    public static NeuronLoader Naive(WeightFile file, ActivationTrace trace, int threads = 32, ReadMethod method = ReadMethod.Direct, bool verify = false) =>
        Windowing(file, trace, window: 0, threads, NeuronManager.Slots, method, verify);

    /// <summary>The windowing loader of §3.1 with the §3.3 slot matrices (or the naive manager), Req_i taken from the whole trace.</summary>
    public static NeuronLoader Windowing(WeightFile file, ActivationTrace trace, int window = 5, int threads = 32,
        NeuronManager manager = NeuronManager.Slots, ReadMethod method = ReadMethod.Direct, bool verify = false) =>
        new(file, new LoaderOptions(window, threads, manager, method, verify), ResidentRequirement.For(trace, window));

    /// <summary>A windowing loader for callers without a trace ahead: each layer may hold up to <paramref name="rowsPerLayer"/>
    /// neurons (a token needing more throws <see cref="InvalidOperationException"/>).</summary>
    public static NeuronLoader WithCapacity(WeightFile file, int rowsPerLayer, int window = 5, int threads = 32,
        ReadMethod method = ReadMethod.Direct) =>
        new(file, new LoaderOptions(window, threads, NeuronManager.Slots, method), Enumerable.Repeat(rowsPerLayer, file.Format.Layers).ToArray());
}
