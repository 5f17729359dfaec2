using System.Globalization;
using FlashBench.Bench.Hosting;
using FlashBench.Core;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Results;
using FlashBench.Core.Machine;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Sparsity;

namespace FlashBench.Bench.Experiments.Latency;

/// <summary>The cases of one latency run, one per model (all its configurations interleaved token by token), handed to
/// the in-process <see cref="TokenLatencyBenchmark"/>; each measured iteration's per-token timings land in <see cref="Log"/>.</summary>
public sealed class LatencyPlan(IReadOnlyList<LatencyCase> cases, int iterations, int warmups, MemoryBandwidthMonitor? bandwidth = null,
    ReadControl? ioControl = null, TimeSpan ioControlDuration = default, ulong relabelSeed = TraceRelabeling.Identity) : BenchmarkPlan<TokenRow>
{
    private readonly Dictionary<string, ulong> _sequences = [];

    /// <summary>The neuron relabeling key of the case's next generated sequence (<see cref="TraceRelabeling"/>): a key of
    /// its own for every sequence of the run (BenchmarkDotNet's jitting and warm-up invocations, every iteration, a
    /// re-measurement), drawn from the run's seed, so that no sequence re-reads the rows an earlier one read, in this run
    /// or the one before. All of the case's engines get the same key: its configurations still generate the same tokens.
    /// Without a seed, every sequence replays the trace as it is.</summary>
    public ulong NextRelabel(string caseKey)
    {
        if (relabelSeed == TraceRelabeling.Identity)
            return TraceRelabeling.Identity;
        lock (_sequences)
        {
            ulong sequence = _sequences.GetValueOrDefault(caseKey);
            _sequences[caseKey] = sequence + 1;
            return StableHash.Combine(relabelSeed, StableHash.Of(caseKey), sequence) | 1;
        }
    }

    /// <summary>Read after every iteration, once per configuration at its mean read size, for <see cref="IoControlDuration"/>; null: no control.</summary>
    public ReadControl? IoControl { get; } = ioControl;

    public TimeSpan IoControlDuration { get; } = ioControlDuration;

    /// <summary>The probe's buffer, read once after every token (the control of its compute GB/s); null: no control.</summary>
    public MemoryBandwidthMonitor? Bandwidth { get; } = bandwidth;

    public IReadOnlyList<LatencyCase> Cases { get; } = cases;
    public override int Iterations { get; } = iterations;
    public override int Warmups { get; } = warmups;
    public override IReadOnlyList<string> CaseKeys { get; } = cases.Select(c => c.Key).ToList();
    public IterationLog<InterleavedIteration> Log { get; } = new();

    /// <summary>I/O control measurements the run may take: one per configuration and iteration, BenchmarkDotNet's
    /// warm-up iterations and its jitting invocation (one more per case) included.</summary>
    public static int IoControlMeasurements(IReadOnlyList<LatencyCase> cases, int iterations, int warmups) =>
        cases.Sum(c => c.Setups.Count) * (iterations + warmups + 1);

    public LatencyCase Find(string key) => Cases.FirstOrDefault(c => c.Key == key) ?? throw new ArgumentException($"unknown latency case {key}");

    public override void Discard(int pass, string caseKey) => Log.Discard(pass, caseKey);

    public override void BeginPass(int pass) => Log.StartPass(pass);

    /// <summary>Measured iterations of one case (jitting and warm-up iterations dropped), numbered from 0 across passes,
    /// with the pass each ran in.</summary>
    public IReadOnlyList<(int Pass, int Iteration, InterleavedIteration Item)> Measured(LatencyCase latencyCase) =>
        Log.Measured(Iterations).Where(c => c.Case == latencyCase.Key)
            .SelectMany(c => c.Items.Select(item => (c.Pass, Item: item)))
            .Select((m, i) => (m.Pass, i, m.Item)).ToList();

    /// <summary>Per configuration, the read rate of each token but the first (a fresh sequence's first token reads cold what
    /// later ones may find in a cache below the VM) of every iteration the case ran in <paramref name="pass"/>,
    /// BenchmarkDotNet's jitting invocation included: a slowdown in any of them is one the case lived through. The tokens
    /// that fill the window (t &lt; k) load more than steady ones and form a series of their own.</summary>
    public override IReadOnlyList<(string Series, double BytesPerSecond)> TokenReadRates(int pass, string caseKey)
    {
        var latencyCase = Find(caseKey);
        return Log.All(pass, caseKey).SelectMany(item => item.Sequences.SelectMany(sequence =>
        {
            int window = latencyCase.Setups.First(s => s.Config == sequence.Config && s.Method.Name() == sequence.ReadMethod).Window;
            string series = latencyCase.Methods.Count > 1 ? $"{sequence.Config.Name()} {sequence.ReadMethod}" : sequence.Config.Name();
            return sequence.Timings.Where(t => t.Token >= 1)
                .GroupBy(t => t.Token)
                .Select(token => (token.Key, Bytes: token.Sum(t => (double)t.BytesLoaded), Seconds: token.Sum(t => t.IoMs) / 1e3))
                .Where(token => token.Bytes > 0 && token.Seconds > 0)
                .Select(token => (token.Key < window ? $"{series} window fill" : series, token.Bytes / token.Seconds));
        })).ToList();
    }

    /// <summary>One row per model × configuration × token × layer, every row carrying its case measurement's device state.</summary>
    public override IReadOnlyList<TokenRow> Rows() => Cases.SelectMany(RowsOf).ToList();

    private IEnumerable<TokenRow> RowsOf(LatencyCase latencyCase)
    {
        var measured = Measured(latencyCase);
        return latencyCase.Setups.SelectMany(setup => measured.SelectMany(m =>
        {
            var sequence = m.Item.Of(setup.Config, setup.Method.Name());
            return TokenRows.From(latencyCase.Model, setup, setup.ComputeThreads, m.Iteration, sequence.ResidentBefore, sequence.ReadMethod,
                sequence.Timings, sequence.ProbeGbps, sequence.Control, Device.StateOf(m.Pass, latencyCase.Key));
        }));
    }

    /// <summary>One line per configuration of the model: median I/O, memory, compute and total ms per token.</summary>
    public override string Summary(string caseKey)
    {
        var latencyCase = Find(caseKey);
        var summaries = ConfigSummary.From(RowsOf(latencyCase).ToList());
        return summaries.Count == 0 ? caseKey : string.Join(Environment.NewLine, summaries.Select(summary => string.Create(CultureInfo.InvariantCulture,
            $"{caseKey + "/" + summary.Config + (latencyCase.Methods.Count > 1 ? " " + summary.ReadMethod : ""),-28} I/O {summary.IoSpread.Median,9:0.0}{(summary.Control is { } c ? $" ({summary.DeviceGbps:0.00} GB/s, control {c.Median:0.00})" : "")}  mem {summary.MemorySpread.Median,7:0.0}  compute {summary.ComputeSpread.Median,8:0.0}  total {summary.TotalSpread.Median,9:0.0} ms/token (medians)  {summary.BytesPerToken / 1e9,7:0.000} GB/token  {summary.Cache}{(summary.ProbeFraction is { } f ? $"  compute ÷ probe {f.Median:0.00}" : "")}")));
    }
}

/// <summary>One model: the engine setup of each of its configurations × read methods (in the order they run on even
/// tokens), and the model key its rows carry, which is also the case key.</summary>
public sealed record LatencyCase(string Model, IReadOnlyList<EngineSetup> Setups)
{
    public string Key => Model;

    /// <summary>The read methods of the case's engines, in the order they run.</summary>
    public IReadOnlyList<ReadMethod> Methods { get; } = Setups.Select(s => s.Method).Distinct().ToList();
}

/// <summary>One measured iteration of a model: the sequence each configuration generated, interleaved token by token.</summary>
public sealed record InterleavedIteration(IReadOnlyList<GeneratedSequence> Sequences)
{
    public GeneratedSequence Of(InferenceConfig config, string readMethod) =>
        Sequences.FirstOrDefault(s => s.Config == config && s.ReadMethod == readMethod)
        ?? throw new ArgumentException($"no {config.Name()} ({readMethod}) sequence in this iteration");
}

/// <summary>One configuration's part of an iteration: T generated tokens, the weight files' residency before it, the read
/// method, the memory-bandwidth control measured after each token (empty without one), and the I/O control read right
/// after the iteration at this configuration's mean read size.</summary>
public sealed record GeneratedSequence(InferenceConfig Config, double ResidentBefore, string ReadMethod, IReadOnlyList<TokenLayerTiming> Timings,
    IReadOnlyList<double> ProbeGbps, ReadControlResult? Control = null);
