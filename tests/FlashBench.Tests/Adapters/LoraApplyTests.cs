using System.Runtime.InteropServices;
using FlashBench.Core.Adapters;
using FlashBench.Core.Models;

namespace FlashBench.Tests.Adapters;

/// <summary>y += B·(A·x) through the fp16 kernel against a naive double-precision reference on the same halves.</summary>
public sealed class LoraApplyTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(4)]
    public void Lora_apply_matches_a_naive_reference(int rank)
    {
        var geometry = new LoraGeometry(ModelShapes.Tiny with { GatedFfn = true }, rank);
        var block = new byte[geometry.LayerBlockBytes];
        AdapterContent.FillLayer(block, geometry, seed: 9, adapter: 2, layer: 1);
        var random = new Random(3);
        for (int p = 0; p < geometry.Pieces.Count; p++)
        {
            var piece = geometry.Pieces[p];
            var x = Enumerable.Range(0, piece.In).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var y = Enumerable.Range(0, piece.Out).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var expected = Reference(block, geometry, p, x, y);

            LoraApply.Apply(block, geometry, p, x, y, new float[rank], new float[piece.Out]);

            for (int i = 0; i < piece.Out; i++)
                Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-5 * (1 + Math.Abs(expected[i])), $"{piece.Name}[{i}]: {y[i]} against {expected[i]}");
        }
    }

    [Fact]
    public void The_adapter_changes_the_output()
    {
        var geometry = new LoraGeometry(ModelShapes.Tiny with { GatedFfn = true }, 16);
        var block = new byte[geometry.LayerBlockBytes];
        AdapterContent.FillLayer(block, geometry, seed: 9, adapter: 0, layer: 0);
        var x = Enumerable.Repeat(0.5f, geometry.Pieces[0].In).ToArray();
        var y = new float[geometry.Pieces[0].Out];
        LoraApply.Apply(block, geometry, 0, x, y, new float[16], new float[y.Length]);
        Assert.Contains(y, v => v != 0);
    }

    /// <summary>y + B·(A·x) in double, A and B read from the block as written (A rank × in, then B out × rank, row-major).</summary>
    private static double[] Reference(byte[] block, LoraGeometry geometry, int piece, float[] x, float[] y)
    {
        var p = geometry.Pieces[piece];
        int rank = geometry.Rank;
        var halves = MemoryMarshal.Cast<byte, Half>(block.AsSpan((int)geometry.PieceOffset(piece))).ToArray();
        var t = new double[rank];
        for (int r = 0; r < rank; r++)
            for (int i = 0; i < p.In; i++)
                t[r] += (double)halves[r * p.In + i] * x[i];
        var result = new double[p.Out];
        int b = rank * p.In;
        for (int o = 0; o < p.Out; o++)
        {
            double sum = y[o];
            for (int r = 0; r < rank; r++)
                sum += (double)halves[b + o * rank + r] * (float)t[r];
            result[o] = sum;
        }
        return result;
    }
}
