using System.Diagnostics;
using System.Globalization;
using FlashBench.Bench.Hosting;
using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Inference.OnDevice;
using FlashBench.Core.Inference.Weights;
using FlashBench.Core.Machine;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Results;
using MathNet.Numerics.Statistics;

namespace FlashBench.Bench.Experiments.OnDevice;

/// <summary>One on-device run, in this order: the memory-bandwidth probe; the synthetic weights; decode with every weight
/// in DRAM; the FFN file (written once, reused while its header matches), its read rate without compute, decode with the
/// FFN read from it every token; then each prompt length prefilled. Every decode case starts a fresh KV cache at
/// position 0 with the same token and feeds back its argmax, so both decode cases generate the same tokens (checked).</summary>
public sealed class OnDeviceRun(OnDeviceExperiment experiment, OnDeviceOptions options, ExperimentContext context)
{
    private const int FirstToken = 1;

    /// <summary>Compute-peak rounds of 20 M iterations (about 0.1 s each on this kind of core): long enough that a
    /// descheduled moment does not decide them.</summary>
    private const int PeakIterations = 20_000_000;

    private const int PeakRepetitions = 3;

    private readonly List<OnDeviceRow> _rows = [];
    private readonly ComputePool _pool = ComputePool.AllCores;
    private string _loadBefore = "";
    private MemoryBandwidthMonitor? _bandwidth;

    public void Measure()
    {
        var shape = options.Shape;
        _loadBefore = LoadAverage();
        var probe = MemoryBandwidthProbe.Measure(options.ProbeRepetitions);
        Console.WriteLine(Invariant($"memory bandwidth: {probe.OneCoreGbps:0.0} GB/s on one core, {probe.AllCoresGbps:0.0} GB/s on {probe.Threads} — the decode's floor"));
        double peak = ComputePeakProbe.Measure(_pool, options.ProbeRepetitions, PeakIterations);
        Console.WriteLine(Invariant($"compute peak: {peak:0.0} GFLOP/s of {ComputePeakProbe.PathName} multiply-adds on {_pool.Threads} threads — the prefill's ceiling"));
        var clock = Stopwatch.StartNew();
        // the weights' seed is fixed, so the FFN file is written once and reused by later runs; the run's seed draws the prompts
        var weights = OnDeviceWeights.Synthetic(shape, SyntheticModel.DefaultSeed);
        Console.WriteLine(Invariant($"{shape.Name}: {weights.TotalBytes / 1e9:0.000} GB at 3.5 bits (attention {weights.AttentionBytes / 1e9:0.000}, FFN {weights.FfnBytes / 1e9:0.000}, shared embedding {weights.Embedding.Bytes / 1e9:0.000}), built in {clock.Elapsed.TotalSeconds:0.0} s; kernels {PalettizedMatVec.PathName(SimdWidths.Best)} (decode), {PalettizedMatMat.PathName} (prefill), {_pool.Threads} threads"));

        // the probe's read once more after every measured decode token: the control its ideal is judged against
        _bandwidth = new MemoryBandwidthMonitor(probe.BufferBytes);
        var dram = new OnDeviceModel(weights, new ResidentFfn(weights), options.MaxPositions, _pool);
        var dramTokens = Decode(dram, OnDeviceRow.DecodeDram, weights.TotalBytes, null, "");
        string csv = context.Run.Result(experiment.CsvFileName);
        CsvFiles.Write(csv, _rows);

        FlashSetup? flash = null;
        if (options.Flash)
            flash = DecodeFromFlash(weights, dramTokens);
        CsvFiles.Write(csv, _rows);

        var prompt = new Random(unchecked((int)context.Seed)).GetItems(Enumerable.Range(0, shape.Vocab).ToArray(), options.Prompts.Count == 0 ? 0 : options.Prompts.Max());
        foreach (int length in options.Prompts)
        {
            for (int r = 0; r < options.Repetitions; r++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                dram.Reset();
                // the compute peak right before and after: the prefill's control in the same round
                double peakBefore = ComputePeakProbe.Measure(_pool, PeakRepetitions, PeakIterations);
                long start = Stopwatch.GetTimestamp();
                dram.Prefill(prompt.AsSpan(0, length));
                double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                double peakAfter = ComputePeakProbe.Measure(_pool, PeakRepetitions, PeakIterations);
                // every weight once per block of tokens, the LM head once (the last token's logits)
                int blocks = (length + PalettizedMatMat.TokenBlock - 1) / PalettizedMatMat.TokenBlock;
                long bytes = (weights.TotalBytes - weights.Embedding.Bytes) * blocks + weights.Embedding.Bytes;
                var row = Row(OnDeviceRow.Prefill, length, r, 0, ms, bytes, "");
                row.ComputeGflops = (peakBefore + peakAfter) / 2;
                _rows.Add(row);
                Console.WriteLine(Invariant($"  prefill {length,5} tokens: {ms / 1000:0.00} s, {ms / length:0.00} ms per prompt token"));
                CsvFiles.Write(csv, _rows);
            }
        }

        // a prompt token multiplies every weight but the LM head's once (the head runs for the last token only)
        double flopsPerPromptToken = 2.0 * (shape.TotalWeights - shape.EmbeddingWeights);
        var summary = OnDeviceSummary.Build(_rows, probe.AllCoresGbps, flash?.DiskGbps, (peak, flopsPerPromptToken));
        CsvFiles.Write(context.Run.Result(OnDeviceSummaryRow.FileName), summary);
        Record(weights, probe, flash, peak, flopsPerPromptToken);
        _bandwidth.Dispose();
        foreach (var row in summary)
            Console.WriteLine(row.Case == OnDeviceRow.Prefill
                ? Invariant($"{row.Case} {row.PromptTokens}: {row.MedianMs:0.00} ms per prompt token ({row.IdealFraction:0.00} of the compute-bound ideal, {1000 / row.IdealTokensPerSecond:0.00} ms; published 0.6 on iPhone 15 Pro: {row.VsPublished:0.0}x slower)")
                : Invariant($"{row.Case}: {row.TokensPerSecond:0.00} tokens/s (p10–p90 {1000 / row.P90Ms:0.00}–{1000 / row.P10Ms:0.00}); ideal {row.IdealTokensPerSecond:0.00} ({row.IdealFraction:0.00} of it); published 30 on iPhone 15 Pro"));
    }

    private sealed record FlashSetup(FfnFile File, ReadMethod Method, double DiskGbps, IReadOnlyList<double> PassGbps, long ResidentBytes, bool SameTokens,
        long RequestedBytes, long? DeviceBytes);

    private FlashSetup DecodeFromFlash(OnDeviceWeights weights, IReadOnlyList<int> dramTokens)
    {
        var clock = Stopwatch.StartNew();
        var file = FfnFile.Ensure(options.DataDirectory, weights);
        Console.WriteLine(Invariant($"FFN file {file.Path}: {file.TotalBytes / 1e9:0.000} GB ready in {clock.Elapsed.TotalSeconds:0.0} s"));
        var method = options.Method ?? (DirectIoProbe.Check(file.Path).Supported ? ReadMethod.Direct : ReadMethod.Buffered);
        if (method == ReadMethod.Direct && !DirectIoProbe.Check(file.Path).Supported)
            throw new Cli.UsageException($"--method direct: O_DIRECT is refused on {file.Path}");
        using var streamed = new StreamedFfn(file, weights.Shape.DModel, weights.Shape.DFf, direct: method == ReadMethod.Direct);
        // the read rate of the decode's own reads, without compute (three preads per layer, one layer after another),
        // before and after the decode: its control in the same round
        List<double> ReadPasses() => Enumerable.Range(0, options.ReadPasses).Select(_ =>
        {
            var pass = streamed.ReadAllLayers();
            return pass.BytesRead / (pass.IoMs / 1e3) / 1e9;
        }).ToList();
        var passes = ReadPasses();
        long resident = weights.AttentionBytes + weights.Embedding.Bytes + streamed.SlotBytes;
        Console.WriteLine(Invariant($"DRAM for weights while streaming: {resident / 1e9:0.000} GB (attention, embedding, two FFN slots) of a budget of {weights.TotalBytes / 2e9:0.000} GB (half the model)"));
        var model = new OnDeviceModel(weights, streamed, options.MaxPositions, _pool);
        // the guest block device's own count of what it read, beside what the decode asked for
        using var counter = BlockDeviceCounter.TryOpen(file.Path, out _);
        var before = counter?.Read();
        int rowsBefore = _rows.Count;
        var tokens = Decode(model, OnDeviceRow.DecodeFlash, weights.TotalBytes, streamed, method.Name());
        long? deviceBytes = counter is null ? null : counter.Read().BytesRead - before!.Value.BytesRead;
        long requested = _rows.Skip(rowsBefore).Sum(r => r.BytesRead) + options.Warmups * file.Layers * file.LayerStride;
        if (deviceBytes is { } device)
            Console.WriteLine(Invariant($"  block device read {device / 1e9:0.000} GB while the decode from flash asked for {requested / 1e9:0.000} GB"));
        passes.AddRange(ReadPasses());
        double diskGbps = passes.Median();
        Console.WriteLine(Invariant($"FFN read rate without compute ({method.Name()}), before and after the decode: {diskGbps:0.000} GB/s (passes: {string.Join(", ", passes.Select(p => p.ToString("0.000", CultureInfo.InvariantCulture)))})"));
        bool same = tokens.SequenceEqual(dramTokens);
        if (!same)
            Console.WriteLine("  warning: the decode from flash generated other tokens than the decode from DRAM");
        return new FlashSetup(file, method, diskGbps, passes, resident, same, requested, deviceBytes);
    }

    /// <summary>Warm-up tokens, then the measured ones, each timed alone; returns every generated token.</summary>
    private List<int> Decode(OnDeviceModel model, string caseName, long weightBytes, StreamedFfn? streamed, string method)
    {
        model.Reset();
        var generated = new List<int>();
        int token = FirstToken;
        var ms = new List<double>();
        for (int i = 0; i < options.Warmups + options.Tokens; i++)
        {
            context.Cancellation.ThrowIfCancellationRequested();
            int position = model.Position;
            long start = Stopwatch.GetTimestamp();
            token = model.Step(token);
            double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            generated.Add(token);
            if (i < options.Warmups)
                continue;
            var row = Row(caseName, 0, i - options.Warmups, position, elapsed, weightBytes, method);
            if (streamed?.LastToken is { } reads)
            {
                row.IoMs = reads.IoMs;
                row.StallMs = reads.StallMs;
                row.BytesRead = reads.BytesRead;
            }
            if (_bandwidth is not null)
                row.ProbeGbps = _bandwidth.Measure(_pool.Threads);
            _rows.Add(row);
            ms.Add(elapsed);
        }
        Console.WriteLine(Invariant($"  {caseName}: {options.Tokens} tokens, median {ms.Median():0.0} ms ({1000 / ms.Median():0.00} tokens/s), min {ms.Min():0.0}, max {ms.Max():0.0}"));
        return generated;
    }

    private OnDeviceRow Row(string caseName, int promptTokens, int sample, int position, double ms, long weightBytes, string method) => new()
    {
        Model = options.Shape.Name,
        Case = caseName,
        PromptTokens = promptTokens,
        Sample = sample,
        Position = position,
        Ms = ms,
        WeightBytes = weightBytes,
        Path = caseName == OnDeviceRow.Prefill ? PalettizedMatMat.PathName : PalettizedMatVec.PathName(SimdWidths.Best),
        Threads = _pool.Threads,
        ReadMethod = method,
    };

    private void Record(OnDeviceWeights weights, MemoryBandwidth probe, FlashSetup? flash, double peakGflops, double flopsPerPromptToken)
    {
        var shape = weights.Shape;
        var first = weights.Layers[0];
        context.Record(experiment, new
        {
            model = shape.Name,
            layers = shape.Layers,
            shape = new { d_model = shape.DModel, d_ff = shape.DFf, heads = shape.Heads, kv_heads = shape.KvHeads, head_dim = shape.HeadDim, vocab = shape.Vocab },
            palettization = new
            {
                group_rows = PalettizedMatrix.GroupRows,
                assignment = "every fourth group of 8 rows (group index mod 4 = 3) at 2 bits (4 fp16 palette entries), the other three at 4 bits (16 entries): 3.5 index bits per weight",
                index_bits_per_weight = first.GateUp.IndexBitsPerWeight,
                bits_per_weight_with_palettes = 8.0 * weights.TotalBytes / shape.TotalWeights,
                matrices = "every matrix, the shared embedding / LM head included",
                source = "Apple, \"Introducing Apple's On-Device and Server Foundation Models\" (June 2024): mixed 2- and 4-bit palettization averaging 3.5 bits per weight",
            },
            weight_bytes = new { total = weights.TotalBytes, attention = weights.AttentionBytes, ffn = weights.FfnBytes, embedding = weights.Embedding.Bytes },
            synthetic = "uniform random palette indices, sorted random fp16 palettes at 1/sqrt(fan-in), from the run's seed: the real model's bytes and arithmetic, not its outputs",
            engine = "RMSNorm (no gain), [Q|K|V], query/key RMSNorm per head, RoPE (base 500,000, assumed), GQA KV cache in fp32, O, SwiGLU gate-up / down, shared-embedding LM head; dense FFN (SwiGLU has no ReLU sparsity for the paper's §3.1 predictor)",
            decode = new { tokens = options.Tokens, warmups = options.Warmups, first_token = FirstToken, kernel = PalettizedMatVec.PathName(SimdWidths.Best), note = "greedy argmax from token 1 at position 0; per-token timing" },
            prefill = new { prompts = options.Prompts, repetitions = options.Repetitions, kernel = PalettizedMatMat.PathName, token_block = PalettizedMatMat.TokenBlock,
                note = "whole prompt as one batch: weights decoded once per block of up to 128 tokens, causal attention on the pool, logits of the last token only" },
            threads = _pool.Threads,
            // other processes on the same cores slow compute: /proc/loadavg (1, 5, 15 min) at the start and the end
            load_average = new { start = _loadBefore, end = LoadAverage() },
            simd = SimdWidths.Describe(),
            memory_bandwidth = probe,
            compute_peak = new { gflop_s = peakGflops, path = ComputePeakProbe.PathName, threads = _pool.Threads, flops_per_prompt_token = flopsPerPromptToken,
                note = "12 independent multiply-add chains per thread on registers; the prefill's compute-bound ideal = gflop_s ÷ flops_per_prompt_token (attention scores excluded)" },
            flash = flash is null ? null : new
            {
                file = flash.File.Path,
                read_method = flash.Method.Name(),
                read_path = flash.Method.Describe(),
                disk_gb_s = flash.DiskGbps,
                disk_passes_gb_s = flash.PassGbps,
                bytes_per_token = flash.File.Layers * flash.File.LayerStride,
                dram_budget_bytes = weights.TotalBytes / 2,
                dram_weight_bytes = flash.ResidentBytes,
                same_tokens_as_dram = flash.SameTokens,
                decode_bytes_requested = flash.RequestedBytes,
                block_device_bytes_read = flash.DeviceBytes,
                storage = StorageInfo.For(flash.File.Path),
                note = "the FFN of every layer read each token (three preads per layer into the matrices' aligned arrays), layer l+1 read while layer l computes; the rest resident",
            },
            published = new
            {
                source = "Apple, \"Introducing Apple's On-Device and Server Foundation Models\" (June 2024), iPhone 15 Pro",
                decode_tokens_per_s = OnDeviceSummary.PublishedDecodeTokensPerSecond,
                prefill_ms_per_prompt_token = OnDeviceSummary.PublishedPrefillMsPerToken,
            },
        });
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
