using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Predictor;
using FlashBench.Core.Inference.Weights;
using FlashBench.Core.Loading;
using FlashBench.Core.Memory;
using FlashBench.Core.PageCache;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Inference.Engine;

/// <summary>Generates tokens through the sampled layers of a model shape with real reads and real compute,
/// timing each layer in three parts: I/O (flash → DRAM), memory management (window bookkeeping and the §3.3
/// delete/insert) and compute (attention, predictor, FFN), then the LM head once per token. Sparse loads
/// (Predictor, Windowing, All) go through the sparse branch's <see cref="NeuronLoader"/> (window 0 = per-token
/// reload; §3.3 slots manager); the baselines' dense reads through <see cref="ParallelReader"/>. Compute runs on a
/// <see cref="ComputePool"/> of <see cref="EngineSetup.ComputeThreads"/> threads (the caller included). Each run layer
/// carries the number of model layers it stands for (<see cref="EngineSetup.EffectiveLayerWeights"/>).</summary>
public sealed unsafe partial class TokenEngine : IDisposable
{
    private readonly EngineSetup _setup;
    private readonly SyntheticModel _model;
    private readonly AttentionLayout _attentionLayout;
    private readonly NeuronRowLayout _rows;
    private readonly ReadPath _ffnPath;
    private readonly ReadPath? _attentionPath;
    private readonly ParallelReader? _attentionReader;
    private readonly ParallelReader? _denseReader;
    private readonly ReadPath? _ringPath;
    private readonly DenseRing? _ring;
    private readonly SparseRing? _sparseRing;
    private long _ringStep;
    private readonly NeuronLoader? _loader;
    private readonly DenseReadPlanner _dense;
    private readonly AttentionWeights[] _residentAttention;
    private readonly Half[]? _streamedAttention;
    private readonly Half[]? _denseRows;
    private readonly ResidentNeuronRows?[] _residentRows;
    private readonly KvCache[] _caches;
    private readonly LowRankPredictor?[] _predictors;
    private readonly AttentionScratch _attentionScratch;
    private readonly LmHead? _head;
    private readonly ComputePool _pool;
    private readonly bool _ownsPool;
    private readonly IReadOnlyList<double> _layerWeights;
    private readonly List<ReadRequest> _requests = [];
    private readonly float[] _x, _normed, _attention, _ffn, _scores, _logits;

    public TokenEngine(EngineSetup setup)
    {
        _setup = setup;
        var shape = setup.Shape;
        int slots = setup.Layers.Count;
        if (setup.Trace.Layers != slots || setup.ActiveFile.Format.Layers != slots || setup.Trace.NeuronsPerLayer != shape.DFf)
            throw new ArgumentException($"trace ({setup.Trace.Layers} layers) and weight file ({setup.ActiveFile.Format.Layers}) must cover the {slots} run layers of d_ff {shape.DFf}");
        if (setup.Tokens > setup.Trace.Tokens)
            throw new ArgumentException($"the trace has {setup.Trace.Tokens} tokens, {setup.Tokens} requested");
        if (setup.ActiveFile.Format.Precision != Models.Precision.Fp16 || setup.ActiveFile.Format.DModel != shape.DModel)
            throw new ArgumentException("the FFN weight file must be fp16 with the shape's d_model (the compute kernels read fp16 rows)");
        _layerWeights = setup.EffectiveLayerWeights;
        if (_layerWeights.Count != slots)
            throw new ArgumentException($"{_layerWeights.Count} layer weights for {slots} run layers");
        _model = new SyntheticModel(shape, setup.Seed);
        _attentionLayout = AttentionLayout.Of(shape);
        _rows = NeuronRowLayout.Of(shape);
        _dense = new DenseReadPlanner(setup.DenseChunkBytes);
        (_pool, _ownsPool) = setup.ComputeThreads switch
        {
            1 => (ComputePool.Single, false),
            var n when n == ComputePool.AllCores.Threads => (ComputePool.AllCores, false),
            var n => (new ComputePool(n), true),
        };
        _ffnPath = ReadPath.Open(setup.Method, setup.FfnFile.Path);
        _ring = setup.ActiveRing;
        _ring?.Validate(shape, slots);
        _sparseRing = setup.ActiveSparseRing;
        _sparseRing?.Validate(shape, slots);
        ResidentNeurons = setup.Config == InferenceConfig.Hybrid ? DramPlan.HybridResidentNeurons(shape, setup.DramFraction) : 0;

        _caches = Enumerable.Range(0, slots).Select(_ => new KvCache(_attentionLayout.KvDim, setup.Tokens)).ToArray();
        // matrices that stay in DRAM get their subnormal lists here, once (HalfMatrix): the fast exact kernels
        _residentAttention = setup.Config.AttentionResident()
            ? setup.Layers.Select(layer => AttentionWeights.From(_attentionLayout, _model.Attention(layer))).ToArray()
            : [];
        _predictors = setup.Layers.Select(layer => setup.Config.UsesPredictor()
            ? LowRankPredictor.Synthetic(shape.DModel, shape.DFf, shape.PredictorRank(layer), setup.Seed, layer)
            : null).ToArray();
        _residentRows = new ResidentNeuronRows?[slots];
        if (ResidentNeurons > 0)
        {
            for (int s = 0; s < slots; s++)
                _residentRows[s] = ResidentNeuronRows.From(_rows, ExpectedRows(s, 0, ResidentNeurons), ResidentNeurons);
        }

        if (!setup.Config.AttentionResident())
        {
            _streamedAttention = GC.AllocateArray<Half>(checked((int)_attentionLayout.TotalWeights), pinned: true);
            _attentionPath = ReadPath.Open(setup.Method, (_ring?.Attention ?? setup.AttentionFile).Path);
            _attentionReader = new ParallelReader(_attentionPath, setup.Threads, setup.DenseChunkBytes);
        }
        if (setup.Config is InferenceConfig.Naive or InferenceConfig.Hybrid)
        {
            _denseRows = GC.AllocateArray<Half>(checked((shape.DFf - ResidentNeurons) * _rows.RowWeights), pinned: true);
            _ringPath = _ring is null ? null : ReadPath.Open(setup.Method, _ring.Ffn.Path);
            _denseReader = new ParallelReader(_ringPath ?? _ffnPath, setup.Threads, _dense.MaxReadBytes(DenseFormat));
        }
        else
        {
            int window = setup.Config.UsesWindow() ? setup.Window : 0;
            var capacity = ResidentRequirement.For(setup.Trace, window, 0, setup.Tokens);
            _loader = new NeuronLoader(setup.FfnFile, new LoaderOptions(window, setup.Threads, NeuronManager.Slots, setup.Method), capacity, _ffnPath);
        }

        _head = setup.ComputeLmHead ? LmHead.Shared(shape, setup.Seed) : null;
        _attentionScratch = new AttentionScratch(_attentionLayout, setup.Tokens);
        _x = new float[shape.DModel];
        _normed = new float[shape.DModel];
        _attention = new float[shape.DModel];
        _ffn = new float[shape.DModel];
        _scores = new float[shape.DFf];
        _logits = new float[_head?.Vocab ?? 0];
    }

    public EngineSetup Setup => _setup;
    public ReadMethod Method => _ffnPath.Method;
    public int ResidentNeurons { get; }
    public int ComputeThreads => _pool.Threads;

    /// <summary>Sum of the residual stream and of the logits over the last sequence; returned by the benchmark so no compute is elided.</summary>
    public double Checksum { get; private set; }

    /// <summary>When set, each generated token's output (the logits, or the final hidden state
    /// without an LM head) in <see cref="Outputs"/>: the configurations' outputs can then be compared.</summary>
    public bool RecordOutputs { get; set; }

    /// <summary>Runs after each generated token (<see cref="GenerateToken"/>), outside its timed parts, with the token's index: the
    /// latency benchmark measures its memory-bandwidth control there, beside the compute it judges.</summary>
    public Action<int>? AfterToken { get; set; }

    public IReadOnlyList<float[]> Outputs => _outputs;

    /// <summary>What the engine computes and how its per-layer figures extrapolate to a token, for the method note.</summary>
    public string ComputeNote => ComputeNoteFor(_setup, _pool.Threads);

    public static string ComputeNoteFor(EngineSetup setup, int threads)
    {
        string head = setup.ComputeLmHead
            ? $"LM head ({setup.Shape.Vocab} × {setup.Shape.DModel} fp16, tied embedding, resident in DRAM) computed every token"
            : "no LM head";
        return $"compute on {threads} thread(s), {SimdWidths.Describe()}, fp32 accumulation; {LayerKinds.Describe(setup.Shape, setup.Layers)}; {head}; "
            + "hot kernels compiled fully optimised before first use ([AggressiveOptimization]) and the engine warmed up on the real shapes before measuring";
    }

    /// <summary>Drops every file of the run from the page cache (mapped pages released first).</summary>
    public void EvictWeights()
    {
        _ffnPath.ReleasePages();
        _ringPath?.ReleasePages();
        _attentionPath?.ReleasePages();
        foreach (string file in _setup.Files)
            PageCacheControl.Evict(file);
        _ffnPath.RestorePolicy();
        _ringPath?.RestorePolicy();
        _attentionPath?.RestorePolicy();
    }

    /// <summary>Largest resident fraction among the files this configuration reads.</summary>
    public double ResidentFraction()
    {
        double ffn = PageCacheControl.ResidentFraction((_ring?.Ffn ?? _setup.FfnFile).Path);
        return _attentionPath is null ? ffn : Math.Max(ffn, PageCacheControl.ResidentFraction(_attentionPath.FilePath));
    }

    private TokenLayerTiming RunHead(int token)
    {
        long mark = Stopwatch.GetTimestamp();
        RmsNorm.Apply(_x, _normed);
        _head!.Logits(_normed, _logits, _pool);
        return new TokenLayerTiming(token, TokenLayerTiming.LmHeadLayer, 0, 0, Lap(ref mark), 0, 0, 0, 0, 0,
            ComputeBytes: _head.Bytes, LayerWeight: 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private TokenLayerTiming RunLayer(int token, int slot)
    {
        double io = 0, memory = 0, compute = 0;
        long bytes = 0, reads = 0, weightBytes = 0;
        long mark = Stopwatch.GetTimestamp();

        if (_streamedAttention is not null)
        {
            _requests.Clear();
            var attentionFile = _ring?.Attention ?? _setup.AttentionFile;
            _dense.Attention(attentionFile, DenseLayer(slot), (nint)Unsafe.AsPointer(ref _streamedAttention[0]), _requests);
            var read = _attentionReader!.Read(_requests);
            bytes += read.Bytes;
            reads += read.Reads;
            weightBytes += attentionFile.WeightBytes;
            io += Lap(ref mark);
        }

        RmsNorm.Apply(_x, _normed);
        AttentionForward(slot, _caches[slot]);
        TensorPrimitives.Add(_x, _attention, _x);
        RmsNorm.Apply(_x, _normed);
        // §3.1: the predictor runs on the attention output; its cost is real, the active set is the trace's
        var predictor = _predictors[slot];
        predictor?.Score(_normed, _scores, _pool);
        compute += Lap(ref mark);
        long computeWeights = _attentionLayout.TotalWeights + (predictor?.Weights ?? 0);

        int loaded, held;
        ReadOnlySpan<Half> rows;
        if (_loader is null)
        {
            int count = _setup.Shape.DFf - ResidentNeurons;
            _requests.Clear();
            _dense.Neurons(DenseFormat, DenseLayer(slot), ResidentNeurons, count, (nint)Unsafe.AsPointer(ref _denseRows![0]), _requests);
            var read = _denseReader!.Read(_requests);
            bytes += read.Bytes;
            reads += read.Reads;
            weightBytes += (long)count * DenseFormat.NeuronBytes;
            io += Lap(ref mark);
            loaded = count;
            held = ResidentNeurons;
            rows = _denseRows;
        }
        else
        {
            var result = _loader.LoadLayer(token, slot, SequenceTrace.Predicted(token, slot));
            double wall = Lap(ref mark);
            // the loader times its reads; the rest of the call (window bookkeeping, §3.3 delete/insert) is memory management
            io += result.IoTime.TotalMilliseconds;
            memory += Math.Max(0, wall - result.IoTime.TotalMilliseconds);
            bytes += result.BytesRead;
            reads += result.ReadsIssued;
            weightBytes += (long)result.NeuronsLoaded * _setup.FfnFile.Format.NeuronBytes;
            loaded = result.NeuronsLoaded;
            var matrix = _loader.Matrix(slot);
            held = _setup.Config.UsesWindow() ? matrix.Count : 0;
            // the slots manager keeps its rows in one contiguous block: rows 0 … Count−1 are the used rows
            rows = matrix.Count == 0 ? default : new ReadOnlySpan<Half>(matrix.RowPointer(0), matrix.Count * _rows.RowWeights);
        }

        _ffn.AsSpan().Clear();
        int computed = rows.Length / _rows.RowWeights;
        int kept = SparseFfn.Accumulate(_rows, rows, computed, _normed, _ffn, _pool);
        if (_residentRows[slot] is { } resident)
        {
            kept += SparseFfn.Accumulate(resident, _normed, _ffn, _pool);
            computed += resident.Count;
        }
        TensorPrimitives.Add(_x, _ffn, _x);
        compute += Lap(ref mark);
        computeWeights += _rows.StreamedWeights(computed, kept);
        return new TokenLayerTiming(token, _setup.Layers[slot], io, memory, compute, bytes, reads, loaded, held, computed,
            WeightBytesLoaded: weightBytes, ComputeBytes: computeWeights * sizeof(short), LayerWeight: _layerWeights[slot]);
    }

    private Core.Weights.WeightFileFormat DenseFormat => (_ring?.Ffn ?? _setup.SeparateFile).Format;

    /// <summary>The layer of the dense files run slot <paramref name="slot"/> reads this token: the slot itself, or its place
    /// on the <see cref="DenseRing"/>.</summary>
    private int DenseLayer(int slot) => _ring is null ? slot : DenseRing.Layer(_ring.Layers, _setup.Layers.Count, _ringStep, slot, _setup.Config);

    /// <summary>Attention of run layer <paramref name="slot"/> on <see cref="_normed"/> into <see cref="_attention"/>: the
    /// block read this token (exact kernels), or the resident one with its subnormal lists (fast exact kernels).</summary>
    private void AttentionForward(int slot, KvCache cache)
    {
        if (_streamedAttention is not null)
            Attention.Forward(_attentionLayout, _streamedAttention, cache, _normed, _attention, _attentionScratch, _pool);
        else
            Attention.Forward(_residentAttention[slot], cache, _normed, _attention, _attentionScratch, _pool);
    }

    /// <summary>Rows <paramref name="first"/> … of slot <paramref name="slot"/>'s FFN as the weight file holds them.</summary>
    private Half[] ExpectedRows(int slot, int first, int count)
    {
        var rows = new Half[(long)count * _rows.RowWeights];
        var bytes = MemoryMarshal.AsBytes(rows.AsSpan());
        int rowBytes = _setup.SeparateFile.Format.NeuronBytes;
        for (int n = 0; n < count; n++)
            _setup.SeparateFile.ExpectedNeuron(slot, first + n, bytes.Slice(n * rowBytes, rowBytes));
        return rows;
    }

    private static double Lap(ref long mark)
    {
        long now = Stopwatch.GetTimestamp();
        double elapsed = (now - mark) * 1000.0 / Stopwatch.Frequency;
        mark = now;
        return elapsed;
    }

    public void Dispose()
    {
        _loader?.Dispose();
        _denseReader?.Dispose();
        _ringPath?.Dispose();
        _attentionReader?.Dispose();
        _attentionPath?.Dispose();
        _ffnPath.Dispose();
        if (_ownsPool)
            _pool.Dispose();
    }
}
