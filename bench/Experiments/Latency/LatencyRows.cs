
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Throughput;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>Turns measured sequences into tokens.csv rows (phase, cache state, units in ms).</summary>
public static class LatencyRows
{
    /// <summary>The phase of the first k tokens, which fill the window; the steady state follows.</summary>
    public const string ColdPhase = "cold";

    public static IEnumerable<TokenRow> From(LatencyCase latencyCase, IReadOnlyList<GeneratedSequence> sequences)
    {
        var setup = latencyCase.Setup;
        foreach (var sequence in sequences)
        {
            string cache = sequence.ResidentBefore <= IterationMeasurement.ColdResidencyLimit ? "cold" : "warm";
            foreach (var t in sequence.Timings)
            {
                double io = t.IoMs;
                double memory = t.MemoryMs;
                double compute = t.ComputeMs;
                yield return new TokenRow
                {
                    Model = latencyCase.Model,
                    Config = setup.Config.ToString().ToLowerInvariant(),
                    Precision = "fp16",
                    Token = t.Token,
                    Layer = t.Layer,
                    Phase = t.Token < setup.Window ? ColdPhase : "steady",
                    IoMs = io,
                    MemoryMs = memory,
                    ComputeMs = compute,
                    TotalMs = io + memory + compute,
                    BytesLoaded = t.BytesLoaded,
                    ReadMethod = sequence.ReadMethod,
                    Cache = cache,
                    Iteration = sequence.Iteration,
                    Shape = setup.Shape.Name,
                    Window = setup.Window,
                    Reads = t.Reads,
                    NeuronsLoaded = t.NeuronsLoaded,
                    NeuronsHeld = t.NeuronsHeld,
                    NeuronsComputed = t.NeuronsComputed,
                    ResidentBefore = sequence.ResidentBefore,
                    LayersRun = setup.Layers.Count,
                    LayersModel = setup.Shape.Layers,
                    Threads = setup.Threads,
                };
            }
        }
    }
}
