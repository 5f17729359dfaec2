using System.Diagnostics;
using System.Runtime.CompilerServices;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Inference.Planning;
using FlashBench.Core.Inference.Predictor;
using FlashBench.Core.Inference.Weights;
using FlashBench.Core.PageCache;
using FlashBench.Core.ReadPaths;

namespace FlashBench.Core.Inference.Engine;

/// <summary>Generates tokens through the sampled layers of a model shape with real reads and real compute,
/// timing each layer in three parts: I/O (reads from the weight file into DRAM), memory management (window
/// bookkeeping and the §3.3 delete/insert) and compute (attention, predictor, FFN). Compute runs on the
/// calling thread; reads run on a pool of reader threads.</summary>
public sealed unsafe class TokenEngine : IDisposable
{
    private readonly EngineSetup _setup;
    private readonly SyntheticModel _model;
    private readonly WeightFileLayout _layout;
    private readonly ReadPath _path;
    private readonly ParallelReader _reader;
    private readonly ReadPlanner _planner;
    private readonly AttentionLayout _attentionLayout;
    private readonly NeuronRowLayout _rows;
    private readonly Dictionary<int, Half[]> _residentAttention = [];
    private readonly Half[]? _streamedAttention;
    private readonly Dictionary<int, KvCache> _caches = [];
    private readonly Dictionary<int, LowRankPredictor> _predictors = [];
    private readonly Dictionary<int, Half[]> _residentRows = [];
    private readonly NeuronMatrix? _dense;
    private readonly NeuronMatrix? _shared;
    private readonly Dictionary<int, NeuronMatrix> _windowed = [];
    private readonly Dictionary<int, SlidingWindow> _windows = [];
    private readonly AttentionScratch _attentionScratch;
    private readonly List<ReadRequest> _requests = [];
    private readonly List<int> _toLoad = [];
    private readonly List<int> _toEvict = [];
    private readonly List<int> _span = [];
    private readonly float[] _x, _normed, _attention, _ffn, _scores, _row;

    public TokenEngine(EngineSetup setup)
    {
        _setup = setup;
        var shape = setup.Shape;
        _model = new SyntheticModel(shape, setup.Seed);
        _layout = setup.ActiveLayout;
        _attentionLayout = AttentionLayout.Of(shape);
        _rows = NeuronRowLayout.Of(shape);
        _path = ReadPath.Open(setup.Method, setup.ActiveFile);
        _planner = new ReadPlanner(_layout, setup.DenseChunkBytes);
        _reader = new ParallelReader(_path, setup.Threads, _planner.MaxReadBytes);
        ResidentNeurons = setup.Config == InferenceConfig.Hybrid ? DramPlan.HybridResidentNeurons(shape, setup.DramFraction) : 0;

        foreach (int layer in setup.Layers)
        {
            _caches[layer] = new KvCache(_attentionLayout.KvDim, setup.Tokens);
            if (setup.Config.AttentionResident())
                _residentAttention[layer] = _model.Attention(layer);
            if (setup.Config.UsesPredictor())
                _predictors[layer] = LowRankPredictor.Synthetic(shape.DModel, shape.DFf, shape.PredictorRank(layer), setup.Seed, layer);
            if (ResidentNeurons > 0)
            {
                var rows = new Half[(long)ResidentNeurons * _rows.RowWeights];
                for (int n = 0; n < ResidentNeurons; n++)
                    _model.FillRow(layer, n, rows.AsSpan(n * _rows.RowWeights, _rows.RowWeights));
                _residentRows[layer] = rows;
            }
            if (setup.Config.UsesWindow())
                _windowed[layer] = new NeuronMatrix(shape.DFf, RequiredRows(setup, layer), _rows.RowWeights);
        }
        if (!setup.Config.AttentionResident())
            _streamedAttention = GC.AllocateArray<Half>(checked((int)_attentionLayout.TotalWeights), pinned: true);
        if (setup.Config is InferenceConfig.Naive or InferenceConfig.Hybrid)
            _dense = new NeuronMatrix(shape.DFf, shape.DFf - ResidentNeurons, _rows.RowWeights);
        if (setup.Config == InferenceConfig.Predictor)
            _shared = new NeuronMatrix(shape.DFf, shape.DFf, _rows.RowWeights);

        _attentionScratch = new AttentionScratch(_attentionLayout, setup.Tokens);
        _x = new float[shape.DModel];
        _normed = new float[shape.DModel];
        _attention = new float[shape.DModel];
        _ffn = new float[shape.DModel];
        _scores = new float[shape.DFf];
        _row = new float[Math.Max(shape.DModel, shape.DFf)];
        Reset();
    }

    public EngineSetup Setup => _setup;
    public ReadMethod Method => _path.Method;
    public WeightFileLayout Layout => _layout;
    public int ResidentNeurons { get; }

    /// <summary>Mean over layers of the most neurons the window held (Req_i of §3.3).</summary>
    public double MeanRequiredRows => _windowed.Count == 0 ? 0 : _windowed.Values.Average(m => m.Capacity);

    /// <summary>Sum of the final residual stream; consumed so no compute can be elided.</summary>
    public double Checksum { get; private set; }

    /// <summary>Req_i: the most neurons the window ever holds for this layer over the trace.</summary>
    public static int RequiredRows(EngineSetup setup, int layer)
    {
        var window = new SlidingWindow(setup.Shape.DFf, setup.Window);
        List<int> load = [], evict = [];
        for (int t = 0; t < setup.Tokens; t++)
            window.Step(setup.Trace.Predicted(layer, t), load, evict);
        return Math.Max(1, window.PeakHeld);
    }

    /// <summary>Clears KV caches, windows and neuron matrices: the next <see cref="Generate"/> starts a fresh sequence.</summary>
    public void Reset()
    {
        foreach (int layer in _setup.Layers)
        {
            _caches[layer].Clear();
            if (_setup.Config.UsesWindow())
            {
                _windowed[layer].Clear();
                _windows[layer] = new SlidingWindow(_setup.Shape.DFf, _setup.Window);
            }
        }
    }

    /// <summary>Drops the weight files from the page cache (mapped pages released first).</summary>
    public void EvictWeights()
    {
        _path.ReleasePages();
        PageCacheControl.Evict(_setup.SeparateFile);
        PageCacheControl.Evict(_setup.BundledFile);
        _path.RestorePolicy();
    }

    public double ResidentFraction() => PageCacheControl.ResidentFraction(_setup.ActiveFile);

    /// <summary>Generates <see cref="EngineSetup.Tokens"/> tokens from a fresh sequence; one timing per token × layer.
    /// Read methods that go through the page cache are evicted between tokens (outside the timed parts), so
    /// every token's reads come from the device, as with O_DIRECT.</summary>
    public List<TokenLayerTiming> Generate()
    {
        Reset();
        var timings = new List<TokenLayerTiming>(_setup.Tokens * _setup.Layers.Count);
        double checksum = 0;
        for (int t = 0; t < _setup.Tokens; t++)
        {
            if (t > 0 && !_path.Method.BypassesPageCache())
                EvictWeights();
            _model.FillEmbedding(t, _x);
            foreach (int layer in _setup.Layers)
                timings.Add(RunLayer(t, layer));
            checksum += System.Numerics.Tensors.TensorPrimitives.Sum(_x);
        }
        Checksum = checksum;
        return timings;
    }

    private TokenLayerTiming RunLayer(int token, int layer)
    {
        long io = 0, memory = 0, compute = 0, bytes = 0, reads = 0;
        long mark = Stopwatch.GetTimestamp();

        ReadOnlySpan<Half> attentionWeights;
        if (_streamedAttention is not null)
        {
            _requests.Clear();
            _planner.Attention(layer, (nint)Unsafe.AsPointer(ref _streamedAttention[0]), _requests);
            (bytes, reads) = Add(_reader.Read(_requests), bytes, reads);
            io += Lap(ref mark);
            attentionWeights = _streamedAttention;
        }
        else
        {
            attentionWeights = _residentAttention[layer];
        }

        RmsNorm.Apply(_x, _normed);
        Attention.Forward(_attentionLayout, attentionWeights, _caches[layer], _normed, _attention, _attentionScratch);
        System.Numerics.Tensors.TensorPrimitives.Add(_x, _attention, _x);
        RmsNorm.Apply(_x, _normed);
        if (_predictors.TryGetValue(layer, out var predictor))
            predictor.Score(_normed, _scores); // real cost; the active set is the trace's (see IActivationTrace)
        compute += Lap(ref mark);

        int loaded, held;
        ReadOnlySpan<Half> rows;
        ReadOnlySpan<Half> resident = default;
        switch (_setup.Config)
        {
            case InferenceConfig.Naive:
            case InferenceConfig.Hybrid:
            {
                var dense = _dense!;
                dense.Clear();
                _span.Clear();
                for (int n = ResidentNeurons; n < _setup.Shape.DFf; n++)
                    _span.Add(n);
                dense.Append(_span);
                memory += Lap(ref mark);
                _requests.Clear();
                _planner.DenseNeurons(layer, ResidentNeurons, _span.Count, dense.RowPointer(0), _requests);
                (bytes, reads) = Add(_reader.Read(_requests), bytes, reads);
                io += Lap(ref mark);
                loaded = _span.Count;
                held = ResidentNeurons;
                rows = dense.UsedRows;
                if (ResidentNeurons > 0)
                    resident = _residentRows[layer];
                break;
            }
            case InferenceConfig.Predictor:
            {
                var matrix = _shared!;
                matrix.Clear();
                var predicted = _setup.Trace.Predicted(layer, token);
                int first = matrix.Append(predicted);
                memory += Lap(ref mark);
                _requests.Clear();
                for (int i = 0; i < predicted.Count; i++)
                    _planner.Neuron(layer, predicted[i], matrix.RowPointer(first + i), _requests);
                (bytes, reads) = Add(_reader.Read(_requests), bytes, reads);
                io += Lap(ref mark);
                loaded = predicted.Count;
                held = 0;
                rows = matrix.UsedRows;
                break;
            }
            default:
            {
                var matrix = _windowed[layer];
                _windows[layer].Step(_setup.Trace.Predicted(layer, token), _toLoad, _toEvict);
                matrix.Delete(_toEvict);
                int first = matrix.Append(_toLoad);
                memory += Lap(ref mark);
                _requests.Clear();
                for (int i = 0; i < _toLoad.Count; i++)
                    _planner.Neuron(layer, _toLoad[i], matrix.RowPointer(first + i), _requests);
                (bytes, reads) = Add(_reader.Read(_requests), bytes, reads);
                io += Lap(ref mark);
                loaded = _toLoad.Count;
                held = matrix.Used;
                rows = matrix.UsedRows;
                break;
            }
        }

        _ffn.AsSpan().Clear();
        int computed = rows.Length / _rows.RowWeights;
        SparseFfn.Accumulate(_rows, rows, computed, _normed, _ffn, _row);
        if (!resident.IsEmpty)
        {
            SparseFfn.Accumulate(_rows, resident, ResidentNeurons, _normed, _ffn, _row);
            computed += ResidentNeurons;
        }
        System.Numerics.Tensors.TensorPrimitives.Add(_x, _ffn, _x);
        compute += Lap(ref mark);
        return new TokenLayerTiming(token, layer, io, memory, compute, bytes, reads, loaded, held, computed);
    }

    private static (long, long) Add((long Bytes, long Reads) result, long bytes, long reads) => (bytes + result.Bytes, reads + result.Reads);

    private static long Lap(ref long mark)
    {
        long now = Stopwatch.GetTimestamp();
        long elapsed = now - mark;
        mark = now;
        return elapsed;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _path.Dispose();
    }
}
