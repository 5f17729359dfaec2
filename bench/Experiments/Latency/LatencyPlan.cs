using System.Globalization;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Machine;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>The cases of one latency run (model × configuration), handed to the in-process
/// <see cref="TokenLatencyBenchmark"/>; each measured iteration's per-token timings land in <see cref="Log"/>.</summary>
public sealed class LatencyPlan(IReadOnlyList<LatencyCase> cases, int iterations, int warmups, MemoryBandwidthMonitor? bandwidth = null,
    ReadControl? ioControl = null, TimeSpan ioControlDuration = default) : BenchmarkPlan<TokenRow>
{
    /// <summary>Read after every iteration at its mean read size, for <see cref="IoControlDuration"/>; null: no control.</summary>
    public ReadControl? IoControl { get; } = ioControl;

    public TimeSpan IoControlDuration { get; } = ioControlDuration;

    /// <summary>The probe's buffer, read once after every token (the control of its compute GB/s); null: no control.</summary>
    public MemoryBandwidthMonitor? Bandwidth { get; } = bandwidth;

    public IReadOnlyList<LatencyCase> Cases { get; } = cases;
    public override int Iterations { get; } = iterations;
    public override int Warmups { get; } = warmups;
    public override IReadOnlyList<string> CaseKeys { get; } = cases.Select(c => c.Key).ToList();
    public IterationLog<GeneratedSequence> Log { get; } = new();

    public LatencyCase Find(string key) => Cases.FirstOrDefault(c => c.Key == key) ?? throw new ArgumentException($"unknown latency case {key}");

    public override void Discard(int pass, string caseKey) => Log.Discard(pass, caseKey);

    public override void BeginPass(int pass) => Log.StartPass(pass);

    /// <summary>Measured iterations of one case (jitting and warm-up iterations dropped), numbered from 0.</summary>
    public IReadOnlyList<GeneratedSequence> Measured(LatencyCase latencyCase) =>
        Log.Measured(Iterations).Where(c => c.Case == latencyCase.Key).SelectMany(c => c.Items).Select((s, i) => s with { Iteration = i }).ToList();

    public override IReadOnlyList<TokenRow> Rows() => Cases.SelectMany(RowsOf).ToList();

    private IEnumerable<TokenRow> RowsOf(LatencyCase latencyCase) => Measured(latencyCase).SelectMany(sequence =>
        TokenRows.From(latencyCase.Model, latencyCase.Setup, latencyCase.Setup.ComputeThreads, sequence.Iteration, sequence.ResidentBefore,
            sequence.ReadMethod, sequence.Timings, sequence.ProbeGbps, sequence.Control));

    public override string Summary(string caseKey)
    {
        var latencyCase = Find(caseKey);
        var summary = ConfigSummary.From(RowsOf(latencyCase).ToList()).FirstOrDefault();
        return summary is null ? caseKey : string.Create(CultureInfo.InvariantCulture,
            $"{caseKey,-28} I/O {summary.Io.Mean,9:0.0}{(summary.Control is { } c ? $" ({summary.DeviceGbps:0.00} GB/s, control {c.Median:0.00})" : "")}  mem {summary.Memory.Mean,7:0.0}  compute {summary.Compute.Mean,8:0.0}  total {summary.Total.Mean,9:0.0} ms/token  {summary.BytesPerToken / 1e9,7:0.000} GB/token  {summary.Cache}{(summary.ProbeFraction is { } f ? $"  compute ÷ probe {f.Median:0.00}" : "")}");
    }
}

/// <summary>One model × configuration: its engine setup and the model key its rows carry.</summary>
public sealed record LatencyCase(string Model, EngineSetup Setup)
{
    public string Key => $"{Model}/{Setup.Config.ToString().ToLowerInvariant()}";
}

/// <summary>One measured iteration: T generated tokens, the weight file's residency before it, the read method, and the
/// memory-bandwidth control measured after each token (empty without one), and the I/O control read right after it.</summary>
public sealed record GeneratedSequence(int Iteration, double ResidentBefore, string ReadMethod, IReadOnlyList<TokenLayerTiming> Timings,
    IReadOnlyList<double> ProbeGbps, ReadControlResult? Control = null);
