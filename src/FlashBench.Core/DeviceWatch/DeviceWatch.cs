using System.Diagnostics;
using FlashBench.Core.Results;

namespace FlashBench.Core.DeviceWatch;

/// <summary>The device watched through a run: settle before the first measurement (probes until the SNIA steady-state
/// rule holds, at most <see cref="DeviceWatchOptions.SettleMax"/>), the settled mean as the baseline, a probe at every case
/// boundary judged against it, and a bounded wait for a slowed device to come back. The baseline only rises: a device
/// can settle at a depressed level (host write-back after the run's data was written) and recover later, and once the
/// probes are steady (the same rule) above the band the baseline moves up to them, so a later fall back is flagged; a
/// fall never lowers it. Every probe becomes a <see cref="DeviceProbeRow"/> (handed to <c>onProbe</c>, e.g. to rewrite
/// device_probe.csv).</summary>
public sealed class DeviceWatch(IDeviceProbe probe, DeviceWatchOptions options, Action<DeviceProbeRow>? onProbe = null) : IDisposable
{
    private readonly List<DeviceProbeRow> _probes = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<double> _sinceBaseline = [];
    private readonly List<(double RunSeconds, double MBps)> _baselines = [];
    private long? _firstRead;
    private long? _firstWritten;

    public IDeviceProbe Probe { get; } = probe;
    public DeviceWatchOptions Options { get; } = options;
    public IReadOnlyList<DeviceProbeRow> Probes => _probes;
    /// <summary>The settled probes' mean, MB/s; null before <see cref="Settle"/>.</summary>
    public double? Baseline { get; private set; }
    /// <summary>Every baseline the run had, from the settled one on, with the run time it was set at.</summary>
    public IReadOnlyList<(double RunSeconds, double MBps)> Baselines => _baselines;
    public SettleOutcome? Settled { get; private set; }
    /// <summary>Seconds since the watch started (the run's time axis).</summary>
    public double RunSeconds => _clock.Elapsed.TotalSeconds;
    public DeviceProbeRow? Last => _probes.Count > 0 ? _probes[^1] : null;

    /// <summary>Probes until the last <see cref="SteadyStateRule.Window"/> are steady or <see cref="DeviceWatchOptions.SettleMax"/>
    /// has passed; the baseline is the steady window's mean (or, if it never settled, the last window's median).</summary>
    public SettleOutcome Settle(Action<DeviceProbeRow, SteadyStateJudgement>? progress = null)
    {
        var values = new List<double>();
        var started = Stopwatch.StartNew();
        SteadyStateJudgement judgement;
        while (true)
        {
            var row = Take(ProbeKinds.Settle, "", "");
            values.Add(row.MBps);
            judgement = Options.Rule.Judge(values);
            progress?.Invoke(row, judgement);
            if (judgement.Steady || started.Elapsed >= Options.SettleMax)
                break;
            Thread.Sleep(Options.ProbePause);
        }
        var window = values.Skip(Math.Max(0, values.Count - Options.Rule.Window)).Order().ToArray();
        Baseline = judgement.Steady ? judgement.Mean : window[window.Length / 2];
        _baselines.Add((RunSeconds, Baseline.Value));
        Settled = new SettleOutcome(judgement.Steady, started.Elapsed, Baseline.Value, values, judgement);
        return Settled;
    }

    /// <summary>One probe at a case boundary (after <paramref name="caseKey"/> of <paramref name="experiment"/>).</summary>
    public DeviceProbeRow Boundary(string experiment, string caseKey) => Take(ProbeKinds.Boundary, experiment, caseKey);

    /// <summary>One probe from inside a running case (between two of its steps).</summary>
    public DeviceProbeRow Inside(string experiment, string caseKey) => Take(ProbeKinds.Inside, experiment, caseKey);

    /// <summary>Probes until <see cref="DeviceWatchOptions.ProbesToRecover"/> probes in a row are inside the band, at most
    /// <see cref="DeviceWatchOptions.DegradedWait"/>; true when the device came back.</summary>
    public bool WaitUntilBack(string experiment)
    {
        var started = Stopwatch.StartNew();
        int inside = 0;
        while (started.Elapsed < Options.DegradedWait)
        {
            Thread.Sleep(Options.ProbePause);
            var row = Take(ProbeKinds.Wait, experiment, "");
            inside = IsDegraded(row.MBps) ? 0 : inside + 1;
            if (inside >= Options.ProbesToRecover)
                return true;
        }
        return false;
    }

    /// <summary>Below the steady band: under <see cref="DeviceWatchOptions.DegradedFraction"/> of the baseline (never,
    /// before there is one).</summary>
    public bool IsDegraded(double megabytesPerSecond) =>
        Baseline is { } baseline && megabytesPerSecond < Options.DegradedFraction * baseline;

    /// <summary>Two probes a case lies between that differ by more than the band: the device changed while it ran (a
    /// stall or a burst starting mid-case), so the case measured neither state.</summary>
    public bool Changed(double before, double after) =>
        before > 0 && after > 0 && Math.Max(before, after) * Options.DegradedFraction > Math.Min(before, after);

    /// <summary>The bytes the device read and wrote since the watch's first probe (null without device counters).</summary>
    public (long? Read, long? Written) DeviceBytes()
    {
        var now = Probe.Counters();
        return (now is { } r && _firstRead is { } fr ? r.BytesRead - fr : null, now is { } w && _firstWritten is { } fw ? w.BytesWritten - fw : null);
    }

    private DeviceProbeRow Take(string kind, string experiment, string caseKey)
    {
        if (_probes.Count == 0 && Probe.Counters() is { } first)
        {
            _firstRead = first.BytesRead;
            _firstWritten = first.BytesWritten;
        }
        var reading = Probe.Measure();
        double baseline = Baseline ?? 0;
        var row = new DeviceProbeRow
        {
            Kind = kind,
            TimeUtc = reading.TimeUtc,
            RunSeconds = RunSeconds,
            Experiment = experiment,
            Case = caseKey,
            MBps = reading.MegabytesPerSecond,
            Iops = reading.Reads.Iops,
            Reads = reading.Reads.Reads,
            ElapsedMs = reading.Reads.Elapsed.TotalMilliseconds,
            BaselineMBps = baseline,
            OfBaseline = baseline > 0 ? reading.MegabytesPerSecond / baseline : 0,
            State = Baseline is null ? "" : IsDegraded(reading.MegabytesPerSecond) ? DeviceStates.Degraded : DeviceStates.Steady,
            DeviceReadBytes = reading.DeviceReadBytes - _firstRead,
            DeviceWrittenBytes = reading.DeviceWrittenBytes - _firstWritten,
            Wrapped = reading.Wrapped,
        };
        _probes.Add(row);
        if (kind != ProbeKinds.Settle)
            RaiseBaseline(row.MBps);
        onProbe?.Invoke(row);
        return row;
    }

    private void RaiseBaseline(double megabytesPerSecond)
    {
        _sinceBaseline.Add(megabytesPerSecond);
        if (Baseline is not { } baseline)
            return;
        var judgement = Options.Rule.Judge(_sinceBaseline);
        if (!judgement.Steady || judgement.Mean <= baseline / Options.DegradedFraction)
            return;
        Baseline = judgement.Mean;
        _baselines.Add((RunSeconds, judgement.Mean));
        _sinceBaseline.Clear();
    }

    public void Dispose() => Probe.Dispose();
}

/// <summary>What settling achieved: steady or not, how long it took, the baseline, every probe's MB/s and the rule's last
/// judgement.</summary>
public sealed record SettleOutcome(bool Steady, TimeSpan Waited, double BaselineMBps, IReadOnlyList<double> ProbesMBps, SteadyStateJudgement Judgement);
