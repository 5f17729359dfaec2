using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Sparsity;

namespace FlashBench.Core.Inference.Engine;

public sealed partial class TokenEngine
{
    private readonly List<float[]> _outputs = [];
    private List<TokenLayerTiming> _timings = [];
    private double _checksum;
    private int _nextToken;
    private ActivationTrace? _sequenceTrace;
    private ulong _sequenceKey;

    /// <summary>The trace the current sequence loads: <see cref="EngineSetup.Trace"/> under the sequence's relabeling key.</summary>
    public ActivationTrace SequenceTrace => _sequenceTrace ?? _setup.Trace;

    /// <summary>The index of the token <see cref="GenerateToken"/> generates next in the current sequence.</summary>
    public int NextToken => _nextToken;

    /// <summary>Reads go through the page cache: the files must be evicted before every token but the first (outside
    /// its timed parts), so that every token's reads come from the device, as with O_DIRECT.</summary>
    public bool ReadsThroughPageCache => !_ffnPath.Method.BypassesPageCache();

    /// <summary>Generates <see cref="EngineSetup.Tokens"/> tokens from a fresh sequence; one timing per token × run
    /// layer, then one for the LM head (<see cref="TokenLayerTiming.LmHeadLayer"/>). A thin loop over
    /// <see cref="BeginSequence"/>, <see cref="GenerateToken"/> and <see cref="EndSequence"/>, evicting between tokens
    /// when the read method goes through the page cache.</summary>
    public List<TokenLayerTiming> Generate()
    {
        BeginSequence();
        for (int t = 0; t < _setup.Tokens; t++)
        {
            if (t > 0 && ReadsThroughPageCache)
                EvictWeights();
            GenerateToken(t);
        }
        return EndSequence();
    }

    /// <summary>Starts a fresh sequence: empty KV caches, the loader's window and slots reset, no outputs. With a
    /// <paramref name="relabel"/> key the sequence loads the trace under other neuron numbers
    /// (<see cref="TraceRelabeling"/>): the same number and sizes of reads at other rows of the file, so a replay does not
    /// re-read what an earlier sequence read; with a <see cref="SparseRing"/>, the key also chooses the file layers the
    /// sequence loads from. Engines stepped together must be given the same key.</summary>
    public void BeginSequence(ulong relabel = TraceRelabeling.Identity)
    {
        // the dense configurations read whole layers: no trace to relabel
        if (_loader is not null && (_sequenceTrace is null || relabel != _sequenceKey))
        {
            _sequenceTrace = TraceRelabeling.Apply(_setup.Trace, relabel);
            _sequenceKey = relabel;
        }
        foreach (var cache in _caches)
            cache.Clear();
        if (_sparseRing is not null)
            _loader!.Reset(_sparseRing.FileLayers(_setup.Config, _setup.Layers.Count, relabel));
        else
            _loader?.Reset();
        _outputs.Clear();
        _timings = new List<TokenLayerTiming>(_setup.Tokens * (_setup.Layers.Count + 1));
        _checksum = 0;
        _nextToken = 0;
    }

    /// <summary>Generates token <paramref name="token"/> of the sequence, which must be <see cref="NextToken"/>: its
    /// embedding and its trace position (the predicted neurons of every layer) follow from the index alone, so engines
    /// stepped with the same index compute the same token. Does not evict; <see cref="AfterToken"/> runs at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void GenerateToken(int token)
    {
        if (token != _nextToken || token >= _setup.Tokens)
            throw new InvalidOperationException($"token {token} asked, but the sequence is at token {_nextToken} of {_setup.Tokens}");
        _model.FillEmbedding(token, _x);
        for (int slot = 0; slot < _setup.Layers.Count; slot++)
            _timings.Add(RunLayer(token, slot));
        _checksum += TensorPrimitives.Sum(_x);
        if (_head is not null)
        {
            _timings.Add(RunHead(token));
            _checksum += TensorPrimitives.Sum(_logits);
        }
        if (RecordOutputs)
            _outputs.Add(_head is null ? [.. _x] : [.. _logits]);
        _nextToken++;
        _ringStep++;
        AfterToken?.Invoke(token);
    }

    /// <summary>Ends the sequence: sets <see cref="Checksum"/> and returns its timings (token × run layer, then the LM head).</summary>
    public List<TokenLayerTiming> EndSequence()
    {
        Checksum = _checksum;
        return _timings;
    }
}
