using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;

namespace FlashBench.Bench.Hosting;

/// <summary>What every experiment hands its benchmark class: the cases, the measured rows so far, a console line per
/// finished case. Benchmarks call <see cref="CaseFinished"/> from [GlobalCleanup]; the host then rewrites the CSV,
/// prints the line and honours Ctrl+C, so an interrupted run keeps every case it finished.</summary>
public abstract class BenchmarkPlan<TRow>
{
    private Action<string>? _onCaseFinished;

    /// <summary>Measured iterations per case and pass (BenchmarkDotNet's jitting and warm-up invocations are not counted).</summary>
    public abstract int Iterations { get; }

    /// <summary>BenchmarkDotNet warm-up iterations per case.</summary>
    public abstract int Warmups { get; }

    /// <summary>The key of every case: the value of the benchmark class's <c>Case</c> parameter.</summary>
    public abstract IReadOnlyList<string> CaseKeys { get; }

    /// <summary>Every measured row so far, in the CSV's order.</summary>
    public abstract IReadOnlyList<TRow> Rows();

    /// <summary>One console line describing a finished case.</summary>
    public abstract string Summary(string caseKey);

    /// <summary>Called before each pass over the cases (passes are numbered from 0).</summary>
    public virtual void BeginPass(int pass) { }

    /// <summary>The BenchmarkDotNet configuration of one pass: cold-cache macro benchmarks (<see cref="ColdIoConfig"/>)
    /// unless the experiment measures with BenchmarkDotNet's own statistics.</summary>
    public virtual ManualConfig Config(string artifactsPath, IReadOnlyList<string> caseOrder) =>
        ColdIoConfig.Create(artifactsPath, Iterations, Warmups, caseOrder);

    /// <summary>Called with each pass's summary, for experiments whose rows come from BenchmarkDotNet's statistics.</summary>
    public virtual void SessionFinished(int pass, Summary summary) { }

    /// <summary>Whether the device is probed around this plan's cases: false for warm benchmarks, whose reads never
    /// reach the device.</summary>
    public virtual bool WatchesDevice => true;

    /// <summary>Whether the plan's ratios pair its cases pass by pass: the host then visits the cases in an order that
    /// alternates between passes (A B C, C B A, …), and a degraded case re-measures its whole pass, so that both sides
    /// of every pair stay neighbours in time.</summary>
    public virtual bool Paired => false;

    /// <summary>The least time between two device probes at case boundaries: cases that end sooner share the next probe,
    /// and are judged by the probes on either side of them. Zero: a probe after every case.</summary>
    public virtual TimeSpan ProbeEvery => TimeSpan.Zero;

    /// <summary>The device's state around each measured (pass, case), set by the host's device watch; plans copy it into
    /// their rows' device_state.</summary>
    public DeviceStateBook Device { get; } = new();

    /// <summary>The read rate (bytes per second of I/O time) of every measured token of (<paramref name="pass"/>,
    /// <paramref name="caseKey"/>), by series (one per side a case holds, e.g. a latency configuration); empty where the plan
    /// has none. The host flags a case measurement with a token far slower than its series' median: a slowdown inside the
    /// case that the probes at its boundaries did not see.</summary>
    public virtual IReadOnlyList<(string Series, double BytesPerSecond)> TokenReadRates(int pass, string caseKey) => [];

    /// <summary>Set by the host while the device is watched: probes the device from inside a case (e.g. between the token
    /// pairs of an interleaved case), so a slowdown that begins and ends between the case's boundaries is seen. A probe
    /// below the band (confirmed) marks the case measurement degraded.</summary>
    public Action<string>? ProbeInside { get; set; }

    /// <summary>Forgets what was measured for <paramref name="caseKey"/> in <paramref name="pass"/>, before the host measures
    /// it again (the device was outside its steady band while it ran).</summary>
    public abstract void Discard(int pass, string caseKey);

    public void CaseFinished(string caseKey) => _onCaseFinished?.Invoke(caseKey);

    internal void OnCaseFinished(Action<string>? handler) => _onCaseFinished = handler;
}
