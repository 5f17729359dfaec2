using System.Diagnostics;
using FlashBench.Core.Compute;
using FlashBench.Core.Inference.Kernels;
using FlashBench.Core.Native;

namespace FlashBench.Core.Adapters;

/// <summary>The compute of one token through the adapted linear layers: every piece's base product W·x plus its adapter
/// part B·(A·x). The base weights of one layer stay in DRAM and stand for every layer (all of a shape's layers have the
/// same linear pieces, so the layer is weighted by the layer count, as the latency experiment weights its sampled layers,
/// LayerKinds); the adapter part runs on every layer, from the swapped adapter's DRAM buffer. Attention, norms and the LM
/// head are the same with or without an adapter and are not part of it.</summary>
public sealed class AdapterToken : IDisposable
{
    private readonly LoraGeometry _geometry;
    private readonly HalfMatrix[] _base;
    private readonly float[][] _inputs;
    private readonly float[] _y;
    private readonly float[] _rank;
    private readonly float[] _out;
    private readonly ComputePool _pool;

    public AdapterToken(LoraGeometry geometry, int threads, ulong seed)
    {
        _geometry = geometry;
        var pieces = geometry.Pieces;
        _base = new HalfMatrix[pieces.Count];
        System.Threading.Tasks.Parallel.For(0, pieces.Count, p =>
        {
            var weights = new Half[(long)pieces[p].Out * pieces[p].In];
            SyntheticWeights.Fill(weights, SyntheticWeights.Stream(seed, 0, p), 0, SyntheticWeights.ScaleFor(pieces[p].In));
            _base[p] = HalfMatrix.From(weights, pieces[p].Out, pieces[p].In);
        });
        _inputs = pieces.Select((piece, p) =>
        {
            var x = new float[piece.In];
            SyntheticWeights.Fill(x, SyntheticWeights.Stream(seed, 1, p), 0, 1f);
            return x;
        }).ToArray();
        int widest = pieces.Max(piece => piece.Out);
        _y = new float[widest];
        _out = new float[widest];
        _rank = new float[geometry.Rank];
        _pool = new ComputePool(threads);
    }

    /// <summary>Bytes of the base weights held for the one layer.</summary>
    public long BaseBytes => _base.Sum(m => m.Bytes);

    public int Threads => _pool.Threads;

    /// <summary>A checksum of the last token's outputs, so the compute is observable.</summary>
    public double Checksum { get; private set; }

    /// <summary>One token: the base layer once (weighted by the layer count) and the adapter part of every layer.</summary>
    public unsafe AdapterTokenTiming Run(AlignedBuffer adapter)
    {
        long blockBytes = _geometry.LayerBlockBytes;
        if (adapter.Length < _geometry.AdapterBlockBytes)
            throw new ArgumentException($"the adapter buffer holds {adapter.Length} bytes, an adapter is {_geometry.AdapterBlockBytes}");
        double checksum = 0;
        long started = Stopwatch.GetTimestamp();
        for (int p = 0; p < _base.Length; p++)
        {
            HalfMatVec.Multiply(_base[p], _inputs[p], _y, _pool);
            checksum += _y[0];
        }
        var baseLayer = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        for (int layer = 0; layer < _geometry.Shape.Layers; layer++)
        {
            var block = new ReadOnlySpan<byte>(adapter.Pointer + layer * blockBytes, (int)blockBytes);
            for (int p = 0; p < _base.Length; p++)
            {
                LoraApply.Apply(block, _geometry, p, _inputs[p], _y, _rank, _out, _pool);
                checksum += _y[0];
            }
        }
        var lora = Stopwatch.GetElapsedTime(started);
        Checksum = checksum;
        return new AdapterTokenTiming(baseLayer.TotalMilliseconds, _geometry.Shape.Layers, lora.TotalMilliseconds);
    }

    public void Dispose() => _pool.Dispose();
}

/// <summary>One token's compute: the base layer's ms (standing for <see cref="Layers"/> layers) and the adapter part of
/// every layer.</summary>
public readonly record struct AdapterTokenTiming(double BaseLayerMs, int Layers, double LoraMs)
{
    public double BaseMs => BaseLayerMs * Layers;
    public double TotalMs => BaseMs + LoraMs;
}
