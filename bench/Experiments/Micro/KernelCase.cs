using System.Diagnostics;
using FlashBench.Core;
using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Inference.Projection;
using FlashBench.Core.Machine;
using FlashBench.Core.Models;

namespace FlashBench.Bench.Experiments.Micro;

/// <summary>One matrix-vector product of the engine's kernels (fp16 widened in registers, int8 with per-row scales, or
/// 3.5-bit palettized weights decoded through their palettes in registers; its bytes are the compressed ones) on a
/// matrix of realistic weights (SyntheticWeights at 1/√cols, as the engine's), one thread or all: the compute that Table 3
/// counts, measured against the DRAM floor.</summary>
public sealed class KernelCase : MicroCase
{
    private const ulong Stream = 0x4B45_524E_454C;

    private readonly HalfMatrix? _fp16;
    private readonly Int8Matrix? _int8;
    private readonly PalettizedMatrix? _palettized;
    private readonly float[] _x;
    private readonly float[] _y;
    private readonly ComputePool _pool;
    private readonly List<double> _bandwidthGbps = [];

    public KernelCase(Precision precision, long weightBytes, bool allCores)
    {
        if (precision != Precision.Fp16 && precision != Precision.Int8 && precision != Precision.Palettized3_5)
            throw new ArgumentOutOfRangeException(nameof(precision), $"no kernel for {precision.Name}");
        Precision = precision;
        Cols = 4096;
        _pool = allCores ? ComputePool.AllCores : ComputePool.Single;
        _x = new float[Cols];
        SyntheticWeights.Fill(_x, Stream + 1, 0, 1f);
        if (precision == Precision.Palettized3_5)
        {
            // the same bytes of compressed weights: 8/3.5 weights a byte, whole sets of four groups (one of them 2-bit)
            int quad = 4 * PalettizedMatrix.GroupRows;
            Rows = (int)(weightBytes * 8 / 3.5 / Cols) / quad * quad;
            _palettized = PalettizedMatrix.Synthetic(Rows, Cols, Stream, SyntheticWeights.ScaleFor(Cols));
            _y = new float[Rows];
            MatrixBytes = _palettized.Bytes;
            return;
        }
        Rows = (int)(weightBytes / Cols / (precision == Precision.Fp16 ? 2 : 1));
        var half = new Half[(long)Rows * Cols];
        SyntheticWeights.Fill(half, Stream, 0, SyntheticWeights.ScaleFor(Cols));
        if (precision == Precision.Int8)
            _int8 = Int8Matrix.Quantize(half, Rows, Cols);
        else
            _fp16 = HalfMatrix.From(half, Rows, Cols); // as the engine holds a matrix that stays in DRAM
        _y = new float[Rows];
        MatrixBytes = _int8?.Bytes ?? (long)Rows * Cols * 2;
    }

    public Precision Precision { get; }
    public int Rows { get; }
    public int Cols { get; }
    public int Threads => _pool.Threads;
    public long MatrixBytes { get; }
    public override string Family => "kernel";
    public override string Name => $"{Precision.Name} {Units.FormatBytes(MatrixBytes)} x{Threads}";
    public override string Description => _palettized is null
        ? $"{Precision.Name} matrix-vector product, {Rows} × {Cols}, {(_int8 is null ? SimdWidths.Best.ToString() : Int8Paths.Best.ToString())} path, {Threads} thread(s)"
        : FormattableString.Invariant($"{Precision.Name} palettized matrix-vector product, {Rows} × {Cols}, groups of {PalettizedMatrix.GroupRows} rows, every fourth at 2 bits ({_palettized.IndexBitsPerWeight:0.##} index bits per weight, {8.0 * MatrixBytes / ((double)Rows * Cols):0.###} with palettes), {PalettizedMatVec.PathName(SimdWidths.Best)} path, {Threads} thread(s); weights/s = GFLOP/s ÷ 2");
    public override long? BytesPerOperation => MatrixBytes;

    /// <summary>The code path this kernel runs here, for micro.csv and the report.</summary>
    public string Path => _palettized is not null ? PalettizedMatVec.PathName(SimdWidths.Best)
        : _int8 is not null ? Int8Paths.Best.ToString()
        : SimdWidths.Best switch { SimdWidth.V512 => "AVX-512", SimdWidth.V256 => "AVX2", SimdWidth.V128 => "128-bit", _ => "scalar" };
    public double FlopsPerOperation => 2.0 * Rows * Cols;

    /// <summary>The probe's read on this kernel's threads, right before (<paramref name="before"/>) and after its
    /// iterations of a pass: the control its GB/s is divided by (the machine's bandwidth drifts between benchmarks).</summary>
    public void MeasureBandwidth(MemoryBandwidthMonitor monitor, bool before)
    {
        ArgumentNullException.ThrowIfNull(monitor);
        if (before)
            _bandwidthGbps.Clear();
        _bandwidthGbps.Add(monitor.Measure(Threads, passes: 3));
    }

    /// <summary>The mean of this pass's reads before and after; null before any.</summary>
    public double? BandwidthGbps => _bandwidthGbps.Count == 0 ? null : _bandwidthGbps.Average();

    public override long Run()
    {
        if (_palettized is not null)
            PalettizedMatVec.Multiply(_palettized, _x, _y, _pool);
        else if (_int8 is not null)
            Int8MatVec.Multiply(_int8, _x, _y, _pool);
        else
            HalfMatVec.Multiply(_fp16!, _x, _y, _pool);
        return Rows;
    }

    /// <summary>The kernel rate the tokens/s projection uses, measured now: the median of <paramref name="calls"/> timed
    /// calls after as many untimed ones.</summary>
    public KernelRate MeasureRate(int calls, string source)
    {
        var seconds = new List<double>(calls);
        for (int i = 0; i < 2 * calls; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Run();
            if (i >= calls)
                seconds.Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        seconds.Sort();
        return new KernelRate(Precision, MatrixBytes / seconds[seconds.Count / 2] / 1e9, Threads, MatrixBytes, source);
    }
}
