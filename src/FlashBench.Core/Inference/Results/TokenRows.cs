using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Throughput;

namespace FlashBench.Core.Inference.Results;

/// <summary>tokens.csv rows from one measured sequence of a <see cref="TokenEngine"/>: phase (cold for the first k
/// tokens), cache state from the residency before the sequence, ms units, and the engine's layer weights, weight
/// and compute bytes, LM head rows (layer −1).</summary>
public static class TokenRows
{
    /// <param name="probeGbps">The probe pass measured after each token (indexed by token; NaN where none was taken), or null.</param>
    /// <param name="control">The I/O control measured right after the sequence, or null.</param>
    /// <param name="deviceState">The device's state around the measurement (<see cref="FlashBench.Core.Results.DeviceStates"/>).</param>
    public static IEnumerable<TokenRow> From(string model, EngineSetup setup, int computeThreads, int iteration, double residentBefore, string readMethod,
        IEnumerable<TokenLayerTiming> timings, IReadOnlyList<double>? probeGbps = null, ReadControlResult? control = null, string deviceState = "")
    {
        string cache = residentBefore <= IterationMeasurement.ColdResidencyLimit ? "cold" : "warm";
        foreach (var t in timings)
        {
            yield return new TokenRow
            {
                Model = model,
                Config = setup.Config.ToString().ToLowerInvariant(),
                Precision = "fp16",
                Token = t.Token,
                Layer = t.Layer,
                Phase = t.Token < setup.Window ? TokenRow.ColdPhase : TokenRow.SteadyPhase,
                IoMs = t.IoMs,
                MemoryMs = t.MemoryMs,
                ComputeMs = t.ComputeMs,
                TotalMs = t.IoMs + t.MemoryMs + t.ComputeMs,
                BytesLoaded = t.BytesLoaded,
                ReadMethod = readMethod,
                Cache = cache,
                Iteration = iteration,
                Shape = setup.Shape.Name,
                Window = setup.Window,
                Reads = t.Reads,
                NeuronsLoaded = t.NeuronsLoaded,
                NeuronsHeld = t.NeuronsHeld,
                NeuronsComputed = t.NeuronsComputed,
                ResidentBefore = residentBefore,
                LayersRun = setup.Layers.Count,
                LayersModel = setup.Shape.Layers,
                Threads = setup.Threads,
                WeightBytesLoaded = t.WeightBytesLoaded,
                ComputeBytes = t.ComputeBytes,
                LayerWeight = t.LayerWeight,
                ComputeThreads = computeThreads,
                ProbeGbps = probeGbps is not null && t.Token < probeGbps.Count && !double.IsNaN(probeGbps[t.Token]) ? probeGbps[t.Token] : null,
                ControlGbps = control is { Reads: > 0 } c ? c.Gbps : null,
                ControlReadBytes = control is { Reads: > 0 } r ? r.ReadBytes : null,
                DeviceState = deviceState,
            };
        }
    }
}
