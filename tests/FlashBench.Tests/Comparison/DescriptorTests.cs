using FlashBench.Bench.Hosting;
using FlashBench.Core.Machine;
using FlashBench.Core.Results;
using FlashBench.Reporting.Comparison;

namespace FlashBench.Tests.Comparison;

public sealed class DescriptorTests
{
    private static readonly ComparisonDescriptor<ThroughputRow> Throughput =
        (ComparisonDescriptor<ThroughputRow>)ExperimentCatalog.Comparisons.Single(d => d.FileName == ThroughputRow.FileName);

    [Fact]
    public void Column_names_come_from_the_row_type()
    {
        Assert.Equal(["method", "chunk_bytes", "threads"], Throughput.KeyColumns);
        Assert.Equal("throughput_mb_s", Throughput.Metric);
        Assert.Equal("reference_mb_s", Throughput.ReferenceColumn);
    }

    [Fact]
    public void A_property_without_a_column_name_is_refused() =>
        Assert.Throws<ArgumentException>(() => ComparisonDescriptor.For<StorageInfo>("storage", "storage.csv").Keys(s => s.Device));

    [Fact]
    public void Excluded_rows_leave_the_point_present_but_the_round_empty()
    {
        var rows = new[]
        {
            new ThroughputRow { Method = "direct", ChunkBytes = 4096, Threads = 1, Pass = 0, Iteration = 0, ThroughputMBps = 50, Cache = "cold" },
            new ThroughputRow { Method = "direct", ChunkBytes = 4096, Threads = 1, Pass = 0, Iteration = 1, ThroughputMBps = 9000, Cache = "warm" },
            new ThroughputRow { Method = "direct", ChunkBytes = 4096, Threads = 1, Pass = 1, Iteration = 0, ThroughputMBps = 60, Cache = "cold", Excluded = "O_DIRECT fell back" },
        };

        var rounds = Assert.Single(Throughput.Rounds(rows, run: 0, "test")).Rounds;

        Assert.Equal(50, rounds[0].Median);
        Assert.Equal(1, rounds[0].Samples);
        Assert.Null(rounds[1].Median);
    }

    [Fact]
    public void Two_rows_for_one_sample_are_an_error_unless_summed()
    {
        var row = new ThroughputRow { Method = "direct", ChunkBytes = 4096, Threads = 1, Iteration = 0, ThroughputMBps = 50, Cache = "cold" };
        Assert.Throws<InvalidDataException>(() => Throughput.Rounds([row, row], 0, "test"));
    }

    [Fact]
    public void The_reference_counts_only_when_it_ran_beside_every_sample()
    {
        var rows = Enumerable.Range(0, 3).Select(i => new ThroughputRow
        {
            Method = "direct", ChunkBytes = 4096, Threads = 1, Iteration = i, ThroughputMBps = 50, Cache = "cold", ReferenceMBps = i == 2 ? null : 55,
        });

        Assert.Null(Assert.Single(Throughput.Rounds(rows, 0, "test")).Rounds[0].Reference);
    }
}
