using FlashBench.Core.Machine;
using FlashBench.Core.Throughput.Summaries;
using MathNet.Numerics.Statistics;

namespace FlashBench.Core.Inference.Results;

/// <summary>Per-token figures of one model × configuration × read method, from its tokens.csv rows: each token's rows are summed,
/// each multiplied by the model layers it stands for (<see cref="TokenRow.Weight"/>: the layer-kind weights, 1 for the
/// LM head; layers_model / layers_run in older files), then the median with its spread (<see cref="IoSpread"/> …) and
/// the mean and standard deviation (<see cref="Io"/> …: what byte rates divide by) are taken over the steady-state tokens of
/// every measured iteration.</summary>
public sealed record ConfigSummary
{
    public required string Model { get; init; }
    public required string Config { get; init; }
    public required string Precision { get; init; }
    public required string ReadMethod { get; init; }
    public required string Cache { get; init; }
    public required int LayersRun { get; init; }
    public required int LayersModel { get; init; }
    public required int SteadyTokens { get; init; }
    public required int ColdTokens { get; init; }
    public required Stat Io { get; init; }
    public required Stat Memory { get; init; }
    public required Stat Compute { get; init; }
    public required Stat Total { get; init; }
    /// <summary>The median token's figures with their range (and quartiles from <see cref="Spread.PassesForQuartiles"/>
    /// tokens on): one stalled token does not move them, as it moves a mean.</summary>
    public required Spread IoSpread { get; init; }
    public required Spread MemorySpread { get; init; }
    public required Spread ComputeSpread { get; init; }
    public required Spread TotalSpread { get; init; }
    public required double ColdTotalMs { get; init; }
    /// <summary>Bytes read from flash per token, padding included.</summary>
    public required double BytesPerToken { get; init; }
    /// <summary>Bytes of weights read from flash per token (older files without the column: <see cref="BytesPerToken"/>).</summary>
    public required double WeightBytesPerToken { get; init; }
    /// <summary>Bytes of weights the compute kernels streamed per token (0 in older files).</summary>
    public required double ComputeBytesPerToken { get; init; }
    /// <summary>Mean size of one read (bytes ÷ reads): where on the I/O curve this configuration sits.</summary>
    public required long BytesPerRead { get; init; }
    /// <summary>Each steady token's compute GB/s (its weights streamed ÷ its compute time): median and range; null
    /// without compute_bytes.</summary>
    public required Spread? ComputeRate { get; init; }
    /// <summary>The memory-bandwidth control measured after each steady token (probe_gb_s): median and range; null
    /// when the rows carry none.</summary>
    public required Spread? ProbeRate { get; init; }
    /// <summary>Each steady token's compute GB/s ÷ the control measured right after it: median and range; null without
    /// a control.</summary>
    public required Spread? ProbeFraction { get; init; }
    /// <summary>The I/O control measured after each iteration (control_gb_s): median and range over iterations; null
    /// when the rows carry none.</summary>
    public Spread? Control { get; init; }
    /// <summary>The read size of the I/O control (the case's mean read size rounded up to 512 bytes).</summary>
    public int? ControlReadBytes { get; init; }

    /// <summary>Effective flash → DRAM throughput in GB/s (decimal): weights moved ÷ I/O time.</summary>
    public double ThroughputGbps => Io.Mean > 0 ? WeightBytesPerToken / (Io.Mean / 1000) / 1e9 : 0;

    /// <summary>What the device delivered: bytes read (padding included) ÷ I/O time, GB/s.</summary>
    public double DeviceGbps => Io.Mean > 0 ? BytesPerToken / (Io.Mean / 1000) / 1e9 : 0;

    /// <summary>The compute kernels' DRAM rate: weights streamed ÷ compute time, GB/s (0 without compute_bytes).</summary>
    public double ComputeGbps => Compute.Mean > 0 ? ComputeBytesPerToken / (Compute.Mean / 1000) / 1e9 : 0;

    /// <summary>Compute time per fp16 weight streamed, ns (NaN without compute_bytes).</summary>
    public double ComputeNsPerWeight => ComputeBytesPerToken > 0 ? Compute.Mean * 1e6 / (ComputeBytesPerToken / 2) : double.NaN;

    public static IReadOnlyList<ConfigSummary> From(IEnumerable<TokenRow> rows) =>
        rows.GroupBy(r => (r.Model, r.Config, r.ReadMethod))
            .Select(g => Summarise(g.ToList()))
            .ToList();

    private static ConfigSummary Summarise(List<TokenRow> rows)
    {
        var first = rows[0];
        bool hasWeightBytes = rows.Any(r => r.WeightBytesLoaded > 0) || rows.All(r => r.BytesLoaded == 0);
        var tokens = rows.GroupBy(r => (r.Iteration, r.Token))
            .Select(g => new
            {
                Steady = g.First().Phase == "steady",
                Io = g.Sum(r => r.IoMs * r.Weight),
                Memory = g.Sum(r => r.MemoryMs * r.Weight),
                Compute = g.Sum(r => r.ComputeMs * r.Weight),
                Total = g.Sum(r => r.TotalMs * r.Weight),
                Bytes = g.Sum(r => r.BytesLoaded * r.Weight),
                WeightBytes = g.Sum(r => (hasWeightBytes ? r.WeightBytesLoaded : r.BytesLoaded) * r.Weight),
                ComputeBytes = g.Sum(r => r.ComputeBytes * r.Weight),
                Probe = g.Select(r => r.ProbeGbps).FirstOrDefault(p => p is > 0),
            })
            .ToList();
        var steady = tokens.Where(t => t.Steady).ToList();
        var cold = tokens.Where(t => !t.Steady).ToList();
        var basis = steady.Count > 0 ? steady : tokens;
        var rated = basis.Where(t => t.Compute > 0 && t.ComputeBytes > 0).ToList();
        var paired = rated.Where(t => t.Probe is not null).ToList();
        var controls = rows.Where(r => r.ControlGbps is > 0).GroupBy(r => r.Iteration).Select(g => g.First()).ToList();
        return new ConfigSummary
        {
            Model = first.Model,
            Config = first.Config,
            Precision = first.Precision,
            ReadMethod = string.Join('+', rows.Select(r => r.ReadMethod).Distinct()),
            Cache = rows.Any(r => r.Cache != "cold") ? "warm" : "cold",
            LayersRun = first.LayersRun,
            LayersModel = first.LayersModel,
            SteadyTokens = steady.Count,
            ColdTokens = cold.Count,
            Io = Stat.Of(basis.Select(t => t.Io)),
            Memory = Stat.Of(basis.Select(t => t.Memory)),
            Compute = Stat.Of(basis.Select(t => t.Compute)),
            Total = Stat.Of(basis.Select(t => t.Total)),
            IoSpread = Spread.Of(basis.Select(t => t.Io).ToList()),
            MemorySpread = Spread.Of(basis.Select(t => t.Memory).ToList()),
            ComputeSpread = Spread.Of(basis.Select(t => t.Compute).ToList()),
            TotalSpread = Spread.Of(basis.Select(t => t.Total).ToList()),
            ColdTotalMs = cold.Count > 0 ? cold.Average(t => t.Total) : double.NaN,
            BytesPerToken = basis.Average(t => t.Bytes),
            WeightBytesPerToken = basis.Average(t => t.WeightBytes),
            ComputeBytesPerToken = basis.Average(t => t.ComputeBytes),
            BytesPerRead = rows.Sum(r => r.Reads) == 0 ? 0 : rows.Sum(r => r.BytesLoaded) / rows.Sum(r => r.Reads),
            ComputeRate = rated.Count == 0 ? null : Spread.Of(rated.Select(t => MemoryBandwidth.Gbps(t.ComputeBytes, t.Compute)).ToList()),
            ProbeRate = paired.Count == 0 ? null : Spread.Of(paired.Select(t => t.Probe!.Value).ToList()),
            ProbeFraction = paired.Count == 0 ? null : Spread.Of(paired.Select(t => MemoryBandwidth.Gbps(t.ComputeBytes, t.Compute) / t.Probe!.Value).ToList()),
            Control = controls.Count == 0 ? null : Spread.Of(controls.Select(r => r.ControlGbps!.Value).ToList()),
            ControlReadBytes = controls.Count == 0 ? null : controls[0].ControlReadBytes,
        };
    }
}

/// <summary>Mean and sample standard deviation (MathNet); SD is 0 for a single value.</summary>
public readonly record struct Stat(double Mean, double StdDev)
{
    public static Stat Of(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
            return new Stat(double.NaN, double.NaN);
        return new Stat(list.Mean(), list.Count > 1 ? list.StandardDeviation() : 0);
    }
}
