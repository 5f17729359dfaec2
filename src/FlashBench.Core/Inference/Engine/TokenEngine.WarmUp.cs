using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using FlashBench.Core.Inference.Kernels;

namespace FlashBench.Core.Inference.Engine;

/// <summary>How a warm-up ended: rounds run, methods the JIT compiled meanwhile (tier-0, OSR and tier-1 alike), and
/// whether it saw the quiet period it waited for (false: it gave up after its round limit).</summary>
public sealed record WarmUpResult(int Rounds, long MethodsCompiled, TimeSpan Elapsed, bool Converged);

public sealed partial class TokenEngine
{
    /// <summary>No JIT in the figures. The hot kernels carry [AggressiveOptimization], so their first call already
    /// compiles them fully optimised (no tier-0 code, no on-stack replacement); what remains is the rest of a layer's
    /// compute path (norms, softmax, TensorPrimitives, the engine's own code), which the runtime promotes to tier 1
    /// only after 30 calls and a 100 ms pause in new tier-0 compilations. This runs the compute of every run layer and
    /// the LM head on the real shapes (no flash reads: those belong to the measured tokens) until no method has been
    /// compiled for <paramref name="quiet"/> (default 400 ms, four times the runtime's call-counting delay), so that
    /// every method a measured token calls already has its optimised code. Call once after construction, before the
    /// first measured <see cref="Generate"/>; the engine's state (KV caches, window) is left as a fresh sequence needs it.</summary>
    public WarmUpResult WarmUp(TimeSpan? quiet = null, int maxRounds = 500)
    {
        var wait = quiet ?? TimeSpan.FromMilliseconds(400);
        var started = Stopwatch.GetTimestamp();
        long before = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
        long seen = before;
        long lastChange = started;
        var cache = new KvCache(_attentionLayout.KvDim, 2);
        var rows = WarmUpRows();
        int rounds = 0;
        bool converged = false;
        while (rounds < maxRounds)
        {
            WarmUpRound(cache, rows);
            rounds++;
            long compiled = System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false);
            long now = Stopwatch.GetTimestamp();
            if (compiled != seen)
            {
                seen = compiled;
                lastChange = now;
            }
            else if (Stopwatch.GetElapsedTime(lastChange, now) >= wait && rounds >= 2)
            {
                converged = true;
                break;
            }
        }
        _x.AsSpan().Clear();
        return new WarmUpResult(rounds, seen - before, Stopwatch.GetElapsedTime(started), converged);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WarmUpRound(KvCache cache, Half[] rows)
    {
        _model.FillEmbedding(0, _x);
        for (int slot = 0; slot < _setup.Layers.Count; slot++)
        {
            cache.Clear();
            RmsNorm.Apply(_x, _normed);
            AttentionForward(slot, cache);
            TensorPrimitives.Add(_x, _attention, _x);
            RmsNorm.Apply(_x, _normed);
            _predictors[slot]?.Score(_normed, _scores, _pool);
            _ffn.AsSpan().Clear();
            SparseFfn.Accumulate(_rows, rows, rows.Length / _rows.RowWeights, _normed, _ffn, _pool);
            if (_residentRows[slot] is { } resident)
                SparseFfn.Accumulate(resident, _normed, _ffn, _pool);
            TensorPrimitives.Add(_x, _ffn, _x);
        }
        if (_head is not null)
        {
            RmsNorm.Apply(_x, _normed);
            _head.Logits(_normed, _logits, _pool);
        }
    }

    /// <summary>Real FFN rows for the warm-up (slot 0's first neurons, as the weight file holds them): enough blocks
    /// to run in parallel, and content the ReLU does not zero everywhere, so the down-row path is compiled too
    /// (Hybrid's resident rows also run their own fast path).</summary>
    private Half[] WarmUpRows() => ExpectedRows(0, 0, Math.Min(_setup.Shape.DFf, 4 * SparseFfn.BlockNeurons));
}
