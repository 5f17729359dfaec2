using System.Diagnostics;
using FlashBench.Core.Memory;
using FlashBench.Core.Native;
using FlashBench.Core.Parallel;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Sparsity;
using FlashBench.Core.Weights;

namespace FlashBench.Core.Loading;

/// <summary>Loads predicted FFN neurons from a weight file into per-layer DRAM matrices, token by token
/// and layer by layer: the window (§3.1) decides what to delete and what to read, the manager (§3.3) where
/// rows go, and <see cref="ReaderPool"/> threads read the neurons (one read per bundle, or one per part in
/// the separate layout) through the shared <see cref="ReadPath"/>, each into its own aligned buffer, then
/// copy the useful bytes into the reserved row. With Window = 0 this is the naive per-neuron loader.</summary>
public sealed unsafe partial class NeuronLoader : IDisposable
{
    private readonly ReadPath _path;
    private readonly bool _ownsPath;
    private readonly ReaderPool _pool;
    private readonly AlignedBuffer[] _buffers;
    private readonly INeuronMatrix[] _matrices;
    private readonly LayerWindow[] _windows;
    private readonly byte[]? _expected;
    private int[] _fileLayers;

    // work of the current parallel round
    private int[] _roundNeurons = [];
    private int[] _roundRows = [];
    private int _roundLayer;
    private int _roundNext;

    /// <param name="capacityPerLayer">Req_i per layer (<see cref="ResidentRequirement.For"/>); used by the slots manager. One
    /// per loader layer: the file's layers, or fewer, which then load from the file layers <see cref="Reset(IReadOnlyList{int})"/>
    /// maps them to (the first ones until then).</param>
    /// <param name="path">An open read path on <paramref name="file"/> to share; null opens one with <see cref="LoaderOptions.Method"/>.</param>
    public NeuronLoader(WeightFile file, LoaderOptions options, IReadOnlyList<int> capacityPerLayer, ReadPath? path = null)
    {
        options.Validate();
        if (capacityPerLayer.Count == 0 || capacityPerLayer.Count > file.Format.Layers)
            throw new ArgumentException($"capacity given for {capacityPerLayer.Count} layers, the file has {file.Format.Layers}", nameof(capacityPerLayer));
        File = file;
        Options = options;
        _ownsPath = path is null;
        _path = path ?? ReadPath.Open(options.Method, file.Path);
        int readLength = file.Format.Layout == WeightLayout.Bundled ? file.Format.BundleReadLength : file.Format.PartLength;
        // a ring reads from the calling thread: the pool and its buffers are then one thread's
        int poolThreads = _path is IoUringReadPath ? 1 : options.Threads;
        _buffers = Enumerable.Range(0, poolThreads).Select(_ => new AlignedBuffer(readLength)).ToArray();
        _pool = new ReaderPool(poolThreads);
        var format = file.Format;
        _matrices = capacityPerLayer.Select(c => options.Manager.Create(c, format.NeuronBytes, format.NeuronsPerLayer)).ToArray();
        _windows = capacityPerLayer.Select(_ => new LayerWindow(options.Window, format.NeuronsPerLayer)).ToArray();
        _fileLayers = Enumerable.Range(0, capacityPerLayer.Count).ToArray();
        _expected = options.Verify ? new byte[format.NeuronBytes] : null;
        // io_uring: one ring on the calling thread, the loader's thread count as its depth (reads in flight)
        if (_path is IoUringReadPath ring)
            OpenRing(ring, options.Threads, readLength);
    }

    public WeightFile File { get; }

    public LoaderOptions Options { get; }

    public WeightFileFormat Format => File.Format;

    public ReadMethod Method => _path.Method;

    /// <summary>The loader's layers: the file's, or the fewer its capacity was given for.</summary>
    public int Layers => _matrices.Length;

    /// <summary>The file layer loader layer <paramref name="layer"/> reads from.</summary>
    public int FileLayer(int layer) => _fileLayers[layer];

    /// <summary>The resident neurons of <paramref name="layer"/>: row r holds neuron Matrix(layer).NeuronAt(r), its
    /// parts back to back, <see cref="WeightFileFormat.PartBytes"/> each, in the file's precision.</summary>
    public INeuronMatrix Matrix(int layer) => _matrices[layer];

    /// <summary>DRAM rows allocated over all layers, in bytes.</summary>
    public long AllocatedBytes => _matrices.Sum(m => (long)m.CapacityRows * m.RowBytes);

    /// <summary>DRAM rows in use over all layers, in bytes.</summary>
    public long ResidentBytes => _matrices.Sum(m => (long)m.Count * m.RowBytes);

    public int ResidentNeurons => _matrices.Sum(m => m.Count);

    /// <summary>Makes <paramref name="needed"/> resident for <paramref name="token"/> in <paramref name="layer"/>:
    /// deletes what left the window, then reads what is missing. Tokens must increase per layer.</summary>
    public LoadResult LoadLayer(int token, int layer, NeuronSet needed)
    {
        var (delete, load) = _windows[layer].Advance(token, needed);
        var matrix = _matrices[layer];
        var rows = new int[load.Length];
        long started = Stopwatch.GetTimestamp();
        var update = matrix.Update(delete, load, rows);
        var memoryTime = Stopwatch.GetElapsedTime(started);

        var ioTime = TimeSpan.Zero;
        if (load.Length > 0)
        {
            _roundNeurons = load;
            _roundRows = rows;
            _roundLayer = layer;
            _roundNext = -1;
            ioTime = _ring is not null ? ReadOnRing(load, rows, layer) : _pool.Run(ReadRound);
        }
        if (_expected is not null)
        {
            int wrong = MatrixVerifier.CountMismatches(File, _fileLayers[layer], matrix, _expected);
            if (wrong > 0)
                throw new InvalidDataException($"verify: {wrong} resident rows of layer {layer} do not hold the neuron their bookkeeping names");
        }
        var format = File.Format;
        return new LoadResult(
            load.Length, delete.Length, matrix.Count,
            (long)load.Length * format.ReadsPerNeuron,
            (long)load.Length * format.NeuronReadBytes,
            (long)load.Length * format.NeuronBytes,
            ioTime, memoryTime, update.BytesCopied, update.BytesAllocated,
            (long)matrix.Count * matrix.RowBytes);
    }

    /// <summary>Loads every layer of <paramref name="token"/> with the trace's predicted sets; returns the sum.</summary>
    public LoadResult LoadToken(int token, ActivationTrace trace)
    {
        if (trace.Layers != Layers || trace.NeuronsPerLayer != Format.NeuronsPerLayer)
            throw new ArgumentException($"the trace ({trace.Layers} layers × {trace.NeuronsPerLayer}) does not fit the loader ({Layers} × {Format.NeuronsPerLayer})");
        var total = default(LoadResult);
        for (int layer = 0; layer < Layers; layer++)
            total += LoadLayer(token, layer, trace.Predicted(token, layer));
        return total;
    }

    /// <summary>Decodes part <paramref name="part"/> (0 = up, 1 = down; gated: 0 gate, 1 up, 2 down) of resident row
    /// <paramref name="row"/> of <paramref name="layer"/> into d_model floats.</summary>
    public void DecodeRow(int layer, int row, int part, Span<float> destination)
    {
        var bytes = _matrices[layer].Row(row).Slice(part * Format.PartBytes, Format.PartBytes);
        NeuronContent.Decode(bytes, Format.Precision, destination[..Format.DModel]);
    }

    /// <summary>Checks every resident row of every layer against the file's known content; returns the wrong rows.</summary>
    public int VerifyAll()
    {
        var expected = new byte[Format.NeuronBytes];
        return Enumerable.Range(0, Layers).Sum(layer => MatrixVerifier.CountMismatches(File, _fileLayers[layer], _matrices[layer], expected));
    }

    /// <summary>Empties every layer's window and matrix (e.g. between experiments on one loader).</summary>
    public void Reset()
    {
        foreach (var window in _windows)
            window.Reset();
        foreach (var matrix in _matrices)
            matrix.Clear();
    }

    /// <summary>Empties every layer, then has loader layer l read file layer <paramref name="fileLayers"/>[l] (distinct
    /// layers of the file) until the next such reset: what a layer holds is always of the layer it now reads.</summary>
    public void Reset(IReadOnlyList<int> fileLayers)
    {
        if (fileLayers.Count != Layers || fileLayers.Any(l => l < 0 || l >= Format.Layers) || fileLayers.Distinct().Count() != Layers)
            throw new ArgumentException($"{Layers} distinct file layers of 0 … {Format.Layers - 1} needed: {string.Join(", ", fileLayers)}", nameof(fileLayers));
        Reset();
        _fileLayers = [.. fileLayers];
    }

    private void ReadRound(int worker)
    {
        var buffer = _buffers[worker];
        var format = File.Format;
        int partBytes = format.PartBytes;
        int fileLayer = _fileLayers[_roundLayer];
        while (true)
        {
            int i = Interlocked.Increment(ref _roundNext);
            if (i >= _roundNeurons.Length)
                return;
            int neuron = _roundNeurons[i];
            byte* row = _matrices[_roundLayer].RowPointer(_roundRows[i]);
            if (format.Layout == WeightLayout.Bundled)
            {
                var bytes = _path.Read(format.BundleOffset(fileLayer, neuron), format.BundleReadLength, buffer);
                CheckLength(bytes.Length, format.BundleReadLength);
                for (int part = 0; part < format.Parts; part++)
                    bytes.Slice(part * format.PartLength, partBytes).CopyTo(new Span<byte>(row + part * partBytes, partBytes));
            }
            else
            {
                for (int part = 0; part < format.Parts; part++)
                {
                    var bytes = _path.Read(format.PartOffset(fileLayer, neuron, part), format.PartLength, buffer);
                    CheckLength(bytes.Length, format.PartLength);
                    bytes[..partBytes].CopyTo(new Span<byte>(row + part * partBytes, partBytes));
                }
            }
        }
    }

    private static void CheckLength(int got, int wanted)
    {
        if (got != wanted)
            throw new IOException($"short read: {got} of {wanted} bytes (weight file truncated?)");
    }

    public void Dispose()
    {
        _pool.Dispose();
        _ring?.Dispose();
        foreach (var buffer in _buffers)
            buffer.Dispose();
        foreach (var matrix in _matrices)
            matrix.Dispose();
        if (_ownsPath)
            _path.Dispose();
    }
}
