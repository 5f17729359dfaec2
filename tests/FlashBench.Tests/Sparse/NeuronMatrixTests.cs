using FlashBench.Core.Memory;

namespace FlashBench.Tests.Sparse;

/// <summary>Property test: random delete/insert sequences keep each manager's matrix equal to a simple reference.</summary>
public sealed class NeuronMatrixTests
{
    private const int Neurons = 200;
    private const int RowBytes = 24;

    private static byte[] Content(int neuron) => Enumerable.Range(0, RowBytes).Select(j => (byte)(neuron * 31 + j * 7 + 1)).ToArray();

    [Theory]
    [InlineData(NeuronManager.Slots, 1)]
    [InlineData(NeuronManager.Slots, 2)]
    [InlineData(NeuronManager.Slots, 3)]
    [InlineData(NeuronManager.Naive, 1)]
    [InlineData(NeuronManager.Naive, 2)]
    public void Random_updates_keep_rows_and_bookkeeping_consistent(NeuronManager manager, int seed)
    {
        const int capacity = 80;
        var random = new Random(seed);
        using var matrix = manager.Create(capacity, RowBytes, Neurons);
        var reference = new HashSet<int>();
        for (int step = 0; step < 300; step++)
        {
            var delete = reference.Where(_ => random.NextDouble() < 0.3).ToArray();
            int room = capacity - (reference.Count - delete.Length);
            var insert = Enumerable.Range(0, Neurons).Where(n => !reference.Contains(n)).OrderBy(_ => random.Next())
                .Take(random.Next(0, room + 1)).ToArray();
            var rows = new int[insert.Length];
            var update = matrix.Update(delete, insert, rows);
            for (int i = 0; i < insert.Length; i++)
                Content(insert[i]).CopyTo(matrix.Row(rows[i]));
            reference.ExceptWith(delete);
            reference.UnionWith(insert);

            Assert.Equal(reference.Count, matrix.Count);
            Assert.Equal(reference.Order(), matrix.Neurons.ToArray().Order());
            for (int row = 0; row < matrix.Count; row++)
            {
                int neuron = matrix.NeuronAt(row);
                Assert.Equal(row, matrix.RowOf(neuron));
                Assert.True(matrix.Row(row).SequenceEqual(Content(neuron)), $"step {step}: row {row} does not hold neuron {neuron}");
            }
            for (int n = 0; n < Neurons; n++)
                Assert.Equal(reference.Contains(n), matrix.RowOf(n) >= 0);
            if (manager == NeuronManager.Slots)
            {
                Assert.Equal(capacity, matrix.CapacityRows);               // never reallocates
                Assert.True(update.BytesCopied <= (long)delete.Length * RowBytes); // at most one row moved per deletion
            }
        }
    }

    [Fact]
    public void Slots_manager_refuses_more_rows_than_Req()
    {
        using var matrix = new SlotNeuronMatrix(2, RowBytes, Neurons);
        Assert.Throws<InvalidOperationException>(() => matrix.Update([], [1, 2, 3], new int[3]));
    }

    [Fact]
    public void Deleting_moves_the_last_row_into_the_hole()
    {
        using var matrix = new SlotNeuronMatrix(4, RowBytes, Neurons);
        var rows = new int[4];
        matrix.Update([], [10, 11, 12, 13], rows);
        for (int i = 0; i < 4; i++)
            Content(10 + i).CopyTo(matrix.Row(rows[i]));
        var update = matrix.Update([11], [], []);
        Assert.Equal([10, 13, 12], matrix.Neurons.ToArray());
        Assert.Equal(RowBytes, update.BytesCopied);
        Assert.True(matrix.Row(1).SequenceEqual(Content(13)));
    }
}
