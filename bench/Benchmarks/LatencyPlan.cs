using FlashBench.Core.Inference.Engine;

namespace FlashBench.Bench.Benchmarks;

/// <summary>The cases of one latency run (model × configuration), handed to the in-process
/// <see cref="TokenLatencyBenchmark"/>; each measured iteration's per-token timings land in <see cref="Log"/>.</summary>
public sealed class LatencyPlan(IReadOnlyList<LatencyCase> cases, int iterations, Action<LatencyCase> onCaseFinished)
{
    public IReadOnlyList<LatencyCase> Cases { get; } = cases;
    public int Iterations { get; } = iterations;
    public IterationLog<GeneratedSequence> Log { get; } = new();

    public LatencyCase Find(string key) => Cases.FirstOrDefault(c => c.Key == key) ?? throw new ArgumentException($"unknown latency case {key}");

    public void OnCaseFinished(LatencyCase latencyCase) => onCaseFinished(latencyCase);

    /// <summary>Measured iterations of one case (jitting and warm-up iterations dropped), numbered from 0.</summary>
    public IReadOnlyList<GeneratedSequence> Measured(LatencyCase latencyCase) =>
        Log.Measured(Iterations).Where(c => c.Case == latencyCase.Key).SelectMany(c => c.Items).Select((s, i) => s with { Iteration = i }).ToList();
}

/// <summary>One model × configuration: its engine setup and the model key its rows carry.</summary>
public sealed record LatencyCase(string Model, EngineSetup Setup)
{
    public string Key => $"{Model}/{Setup.Config.ToString().ToLowerInvariant()}";
}

/// <summary>One measured iteration: T generated tokens, the weight file's residency before it, the read method.</summary>
public sealed record GeneratedSequence(int Iteration, double ResidentBefore, string ReadMethod, IReadOnlyList<TokenLayerTiming> Timings);
