using System.Globalization;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Adapters;
using FlashBench.Core.Inference.Engine;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using FlashBench.Core.Throughput;

namespace FlashBench.Bench.Experiments.Adapters;

/// <summary>One side of the adapters' paired comparison: a layout read with a method.</summary>
public sealed record AdapterSide(AdapterLayout Layout, ReadMethod Method, int MethodIndex)
{
    public string Name => $"{Layout.Name()} {Method.Name()}";
}

/// <summary>One swap as measured: the side, the task, the copy read, the swap, its control, the tokens after it.</summary>
public sealed record SwapMeasurement(AdapterSide Side, int Adapter, int Copy, bool CopyReused, AdapterSwapResult Swap, long ReadBytes,
    ReadControlResult Control, int VerifiedLayer, bool Verified, AdapterTokenTiming First, AdapterTokenTiming Steady, double ResidentBefore,
    double ResidentAfter, long DeviceReadBytes);

/// <summary>What the adapters experiment hands its benchmark class: one case (the model), each BenchmarkDotNet iteration one
/// round in which every adapter is swapped once per side, the sides of one adapter next to each other in an order that
/// alternates from adapter to adapter and round to round, each swap followed by the tokens after it and the I/O control.</summary>
public sealed class AdaptersPlan(AdaptersOptions options, IReadOnlyList<AdapterSide> sides, AdapterToken token, ReadControl control,
    TimeSpan controlDuration) : BenchmarkPlan<AdapterSwapRow>
{
    private int _invocations;

    public AdaptersOptions Options { get; } = options;
    public IReadOnlyList<AdapterSide> Sides { get; } = sides;
    public AdapterToken Token { get; } = token;
    public ReadControl Control { get; } = control;
    public TimeSpan ControlDuration { get; } = controlDuration;
    public IterationLog<IReadOnlyList<SwapMeasurement>> Log { get; } = new();
    public override int Iterations => Options.Rounds;
    public override int Warmups => 0;
    public override IReadOnlyList<string> CaseKeys { get; } = [options.Model.Name];

    /// <summary>The copy the next round reads, and whether every copy was read already (a case measured again).</summary>
    public (int Copy, bool Reused) NextCopy()
    {
        int n = _invocations++;
        return (n % Options.Copies, n >= Options.Copies);
    }

    public override void BeginPass(int pass) => Log.StartPass(pass);

    public override void Discard(int pass, string caseKey) => Log.Discard(pass, caseKey);

    /// <summary>Every swap's read rate, per side, BenchmarkDotNet's jitting round included: a swap far slower than its side's
    /// median is a slowdown inside the case that the probes at its boundaries missed.</summary>
    public override IReadOnlyList<(string Series, double BytesPerSecond)> TokenReadRates(int pass, string caseKey) =>
        Log.All(pass, caseKey).SelectMany(round => round).Where(m => m.Swap.Elapsed > TimeSpan.Zero)
            .Select(m => (m.Side.Name, m.Swap.Bytes / m.Swap.Elapsed.TotalSeconds)).ToList();

    public override IReadOnlyList<AdapterSwapRow> Rows()
    {
        var geometry = Options.Geometry;
        return Log.Measured(Iterations).SelectMany(c => c.Items.Select(round => (c.Pass, round)))
            .SelectMany((r, round) => r.round.Select(m => new AdapterSwapRow
            {
                Model = Options.Model.Name,
                Task = Options.Tasks[m.Adapter],
                Layout = m.Side.Layout.Name(),
                ReadMethod = m.Side.Method.Name(),
                ReadsInFlight = Options.ReadsInFlight,
                Rank = geometry.Rank,
                Pass = r.Pass,
                Round = round,
                Copy = m.Copy,
                CopyReused = m.CopyReused,
                Reads = m.Swap.Reads,
                ReadBytes = m.ReadBytes,
                SwapBytes = m.Swap.Bytes,
                AdapterPayloadBytes = geometry.AdapterBytes,
                SwapMs = m.Swap.Elapsed.TotalMilliseconds,
                SwapMBps = m.Swap.MBps,
                ControlReadBytes = m.Control.ReadBytes,
                ControlReads = m.Control.Reads,
                ControlMs = m.Control.Elapsed.TotalMilliseconds,
                ControlMBps = m.Control.Gbps * 1e3,
                OfControl = m.Control.Gbps > 0 ? m.Swap.MBps / (m.Control.Gbps * 1e3) : 0,
                ControlReused = m.Control.Reused,
                VerifiedLayer = m.VerifiedLayer,
                Verified = m.Verified,
                FirstTokenMs = m.First.TotalMs,
                FirstLoraMs = m.First.LoraMs,
                SteadyTokenMs = m.Steady.TotalMs,
                SteadyLoraMs = m.Steady.LoraMs,
                ComputeThreads = Token.Threads,
                ResidentBefore = m.ResidentBefore,
                ResidentAfter = m.ResidentAfter,
                DeviceReadBytes = m.DeviceReadBytes < 0 ? null : m.DeviceReadBytes,
                Cache = m.ResidentBefore <= IterationMeasurement.ColdResidencyLimit ? "cold" : "warm",
                DeviceState = Device.StateOf(r.Pass, Options.Model.Name),
            })).ToList();
    }

    /// <summary>One line per side: median swap ms and MB/s, its control, first and steady token.</summary>
    public override string Summary(string caseKey)
    {
        var rows = Rows();
        return string.Join(Environment.NewLine, rows.GroupBy(r => (r.Layout, r.ReadMethod)).Select(g =>
        {
            double Median(Func<AdapterSwapRow, double> f) => g.Select(f).Order().ElementAt(g.Count() / 2);
            return string.Create(CultureInfo.InvariantCulture,
                $"{caseKey}/{g.Key.Layout} {g.Key.ReadMethod,-9} swap {Median(r => r.SwapMs),7:0.0} ms {Median(r => r.SwapMBps),7:0} MB/s  control {Median(r => r.ControlMBps),7:0} MB/s  ÷ control {Median(r => r.OfControl):0.00}  first token {Median(r => r.FirstTokenMs):0.0} ms, steady {Median(r => r.SteadyTokenMs):0.0} ms  {(g.All(r => r.Cache == "cold") ? "cold" : "WARM")}{(g.All(r => r.Verified) ? "" : "  VERIFY FAILED")}");
        }));
    }
}
