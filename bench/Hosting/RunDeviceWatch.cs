using System.Globalization;
using FlashBench.Bench.Cli;
using FlashBench.Core;
using FlashBench.Core.DeviceWatch;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;

namespace FlashBench.Bench.Hosting;

/// <summary>The device watch of one run: the probe file, settling before the first measurement, a probe at case
/// boundaries, and the judgement of every measured case by the probes around it, written as they come to
/// device_probe.csv and device_cases.csv (temp file + rename, so Ctrl+C keeps them) and summed up in run.json's
/// "device" section.</summary>
public sealed class RunDeviceWatch : IDisposable
{
    private readonly RunDirectory _run;
    private readonly List<DeviceCaseRow> _cases = [];
    private readonly List<DeviceCaseRow> _pending = [];
    private DeviceProbeRow? _before;
    private string? _insideSlow;
    private double _lastEnd;

    private RunDeviceWatch(RunDirectory run, DeviceWatch watch, DeviceProbe probe)
    {
        _run = run;
        Watch = watch;
        _probe = probe;
    }

    private readonly DeviceProbe _probe;

    public DeviceWatch Watch { get; }
    public IReadOnlyList<DeviceCaseRow> Cases => _cases;

    /// <summary>The probe file's size per profile: room for many probes of fresh offsets (a probe reads about 250 MB on a
    /// 1 GB/s disk) without being a large share of the run's data.</summary>
    public static long ProbeFileBytes(Profile profile) => profile switch
    {
        Profile.Quick => 256L << 20,
        Profile.Standard => 4L << 30,
        _ => 8L << 30,
    };

    /// <summary>The probe file a run of <paramref name="profile"/> needs, so that it is written with the run's other data
    /// before anything is measured.</summary>
    public static DataFile ProbeFile(string dataDirectory, Profile profile) =>
        DataFile.TestFile(dataDirectory, ProbeFileBytes(profile), DeviceProbe.FileSeed);

    /// <summary>Opens the probe on its file and settles the device; null (and the reason printed and recorded) where the
    /// file system refuses O_DIRECT, so no probe would reach the device.</summary>
    public static RunDeviceWatch? Start(RunDirectory run, RunSettings settings, ulong seed)
    {
        if (settings.DeviceWatch is not { } options)
        {
            RunInfo.RecordRoot(run, "device", new { watched = false, reason = "--no-device-watch" });
            return null;
        }
        var file = ProbeFile(settings.DataDirectory, settings.Profile);
        if (!file.Present)
            DataFile.WriteMissing([file]);
        var direct = DirectIoProbe.Check(file.Path);
        if (!direct.Supported)
        {
            Console.WriteLine($"device watch: off — {direct.Detail}");
            RunInfo.RecordRoot(run, "device", new { watched = false, reason = direct.Detail });
            return null;
        }
        var probes = new List<DeviceProbeRow>();
        var probe = new DeviceProbe(ReadMethod.Direct, file.Path, seed);
        var watch = new DeviceWatch(probe, options, row =>
        {
            probes.Add(row);
            CsvFiles.Write(run.Result(DeviceProbeRow.FileName), probes);
        });
        var self = new RunDeviceWatch(run, watch, probe);
        self.Settle();
        return self;
    }

    private void Settle()
    {
        var options = Watch.Options;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"device watch: {Units.FormatChunk(DeviceProbe.ReadBytes)} direct reads × {DeviceProbe.Threads} in flight for {_probe.Duration.TotalMilliseconds:0} ms on {_probe.FilePath}; settling (steady: last {options.Rule.Window} probes within ±{options.Rule.Band:P0} of their mean, slope ≤ {options.Rule.SlopeExcursion:P0}; at most {options.SettleMax.TotalSeconds:0} s)"));
        var outcome = Watch.Settle((row, judgement) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  settle {row.RunSeconds,6:0.0} s  {row.MBps,8:0.0} MB/s  {row.Iops,8:0} IOPS{(double.IsNaN(judgement.Mean) ? "" : $"  window ±{judgement.WidestFromMean:P0}, slope {judgement.SlopeExcursion:P0}")}")));
        Console.WriteLine(outcome.Steady
            ? string.Create(CultureInfo.InvariantCulture, $"device steady after {outcome.Waited.TotalSeconds:0.0} s: baseline {outcome.BaselineMBps:0.0} MB/s")
            : string.Create(CultureInfo.InvariantCulture, $"WARNING: device not steady after {outcome.Waited.TotalSeconds:0.0} s (--settle-max); baseline {outcome.BaselineMBps:0.0} MB/s is the last probes' median, figures may drift"));
        _lastEnd = Watch.RunSeconds;
        RecordRunInfo();
    }

    /// <summary>A case (one pass of it) has finished: it is judged at the next probe.</summary>
    public void CaseFinished(string experiment, string caseKey, int pass, int attempt)
    {
        if (_pending.Count == 0)
            _before = Watch.Last;
        _pending.Add(new DeviceCaseRow
        {
            Experiment = experiment, Case = caseKey, Pass = pass, Attempt = attempt,
            StartSeconds = _lastEnd, EndSeconds = Watch.RunSeconds, BaselineMBps = Watch.Baseline ?? 0,
            ProbeBeforeMBps = Watch.Last?.MBps ?? 0,
        });
        _lastEnd = Watch.RunSeconds;
    }

    /// <summary>Whether a case finished since the last probe.</summary>
    public bool HasPending => _pending.Count > 0;

    public double SecondsSinceProbe => Watch.RunSeconds - (Watch.Last?.RunSeconds ?? 0);

    /// <summary>A probe from inside a running case: one below the band (confirmed by a second) marks the case degraded
    /// when it is judged at its boundary.</summary>
    public void ProbeInside(string experiment, string caseKey)
    {
        var row = Watch.Inside(experiment, caseKey);
        if (row.State == DeviceStates.Degraded)
            row = Watch.Inside(experiment, caseKey);
        if (row.State == DeviceStates.Degraded)
            _insideSlow ??= string.Create(System.Globalization.CultureInfo.InvariantCulture, $"probe inside the case: {row.MBps:0.0} MB/s");
    }

    /// <summary>Probes now and judges every case finished since the last probe by the probes on either side of it.</summary>
    public IReadOnlyList<DeviceCaseRow> Probe(string experiment, string caseKey)
    {
        var row = Watch.Boundary(experiment, caseKey);
        // a probe outside the band is confirmed by a second one right after it: one 250-ms dip is the probe's own noise
        // on a shared disk, a slowdown that can bend a ratio lasts longer
        if (OutsideBand(row))
            row = Watch.Boundary(experiment, caseKey);
        // slow on either side, or a change between the two sides: the case did not measure a steady device
        bool degraded = _before?.State == DeviceStates.Degraded || OutsideBand(row) || _insideSlow is not null;
        foreach (var pending in _pending)
        {
            pending.ProbeAfterMBps = row.MBps;
            pending.State = degraded ? DeviceStates.Degraded : DeviceStates.Steady;
            pending.Reason = degraded ? _insideSlow ?? "probe" : "";
        }
        _insideSlow = null;
        var judged = _pending.ToList();
        _cases.AddRange(judged);
        _pending.Clear();
        _lastEnd = Watch.RunSeconds;
        CsvFiles.Write(_run.Result(DeviceCaseRow.FileName), _cases);
        return judged;
    }

    private bool OutsideBand(DeviceProbeRow after) => after.State == DeviceStates.Degraded || Watch.Changed(_before?.MBps ?? 0, after.MBps);

    /// <summary>Marks a judged case measurement degraded for a reason found after its probes (a slow token).</summary>
    public void MarkDegraded(string experiment, string caseKey, int pass, string reason)
    {
        foreach (var row in _cases.Where(c => c.Experiment == experiment && c.Case == caseKey && c.Pass == pass && c.State == DeviceStates.Steady))
        {
            row.State = DeviceStates.Degraded;
            row.Reason = reason;
        }
        CsvFiles.Write(_run.Result(DeviceCaseRow.FileName), _cases);
    }

    /// <summary>The earlier attempt of a case that is about to be measured again.</summary>
    public void MarkReplaced(string experiment, string caseKey, int pass)
    {
        foreach (var row in _cases.Where(c => c.Experiment == experiment && c.Case == caseKey && c.Pass == pass && c.State != DeviceStates.Replaced))
            row.State = DeviceStates.Replaced;
        CsvFiles.Write(_run.Result(DeviceCaseRow.FileName), _cases);
    }

    /// <summary>Waits for a slowed device (bounded by --degraded-wait); true when it came back.</summary>
    public bool WaitUntilBack(string experiment)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  device outside its steady band (baseline {Watch.Baseline:0.0} MB/s, last probe {Watch.Last?.MBps:0.0}, or a change during a case); waiting up to {Watch.Options.DegradedWait.TotalSeconds:0} s for it to come back"));
        bool back = Watch.WaitUntilBack(experiment);
        _lastEnd = Watch.RunSeconds;
        Console.WriteLine(back
            ? string.Create(CultureInfo.InvariantCulture, $"  device back at {Watch.Last?.MBps:0.0} MB/s: measuring the degraded case(s) again")
            : string.Create(CultureInfo.InvariantCulture, $"  device still at {Watch.Last?.MBps:0.0} MB/s after {Watch.Options.DegradedWait.TotalSeconds:0} s: the degraded case(s) stay marked and are left out of ratios and headline tables"));
        return back;
    }

    /// <summary>run.json's "device" section: the probe, the settling, and what the device read and wrote during the run.</summary>
    public void RecordRunInfo()
    {
        var settled = Watch.Settled;
        var (read, written) = Watch.DeviceBytes();
        RunInfo.RecordRoot(_run, "device", new
        {
            watched = true,
            probe = new
            {
                file = _probe.FilePath, file_bytes = _probe.FileBytes, read_bytes = DeviceProbe.ReadBytes, threads = DeviceProbe.Threads,
                duration_ms = _probe.Duration.TotalMilliseconds, method = _probe.Method.Name(), device = _probe.DeviceDetail,
            },
            settle = settled is null ? null : new
            {
                steady = settled.Steady, waited_s = settled.Waited.TotalSeconds, max_s = Watch.Options.SettleMax.TotalSeconds,
                rule = $"last {Watch.Options.Rule.Window} probes within ±{Watch.Options.Rule.Band:0.##} of their mean, least-squares excursion ≤ {Watch.Options.Rule.SlopeExcursion:0.##} of the mean (SNIA PTS)",
                probes_mb_s = settled.ProbesMBps,
            },
            baseline_mb_s = Watch.Baseline,
            baselines = Watch.Baselines.Select(b => new { run_s = b.RunSeconds, mb_s = b.MBps }),
            degraded_below = Watch.Options.DegradedFraction,
            degraded_wait_s = Watch.Options.DegradedWait.TotalSeconds,
            probes = Watch.Probes.Count,
            device_read_bytes = read,
            device_written_bytes = written,
            cases = new
            {
                steady = _cases.Count(c => c.State == DeviceStates.Steady),
                replaced = _cases.Count(c => c.State == DeviceStates.Replaced),
                degraded = _cases.Count(c => c.State == DeviceStates.Degraded),
            },
        });
    }

    public void Dispose() => Watch.Dispose();
}
