using FlashBench.Bench.Hosting;
using FlashBench.Core.Inference.Results;
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
        Assert.Equal(["method", "chunk_bytes", "threads", "queue_depth"], Throughput.KeyColumns);
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

    private static ComparisonDescriptor<TRow> Descriptor<TRow>(string fileName) =>
        (ComparisonDescriptor<TRow>)ExperimentCatalog.Comparisons.Single(d => d.FileName == fileName);

    /// <summary>Four samples of one point and pass in the device's four states; the degraded one is far off.</summary>
    private static readonly (string State, double Value)[] States =
        [(DeviceStates.Steady, 50), (DeviceStates.Unwatched, 60), ("", 70), (DeviceStates.Degraded, 9000)];

    [Fact]
    public void Rows_measured_on_a_degraded_device_are_left_out_of_throughput_sparse_and_latency()
    {
        var throughput = States.Select((s, i) => new ThroughputRow
        {
            Method = "direct", ChunkBytes = 4096, Threads = 1, Iteration = i, ThroughputMBps = s.Value, Cache = "cold", DeviceState = s.State,
        });
        var sparse = States.Select((s, i) => new SparseTokenRow { Model = "opt-6.7b", Precision = "fp16", Layout = "bundled", Window = 4, Token = i, IoMs = s.Value, DeviceState = s.State });
        var latency = States.Select((s, i) => new TokenRow { Model = "opt-6.7b", Config = "all", Precision = "fp16", Phase = TokenRow.SteadyPhase, Token = i, TotalMs = s.Value, DeviceState = s.State });

        var rounds = new[]
        {
            Assert.Single(Throughput.Rounds(throughput, 0, "test")).Rounds,
            Assert.Single(Descriptor<SparseTokenRow>("windowing.csv").Rounds(sparse, 0, "test")).Rounds,
            Assert.Single(Descriptor<TokenRow>(TokenRow.FileName).Rounds(latency, 0, "test")).Rounds,
        };

        Assert.All(rounds, r => Assert.Equal(60, Assert.Single(r).Median));
        Assert.All(rounds, r => Assert.Equal(3, r[0].Samples));
    }

    [Fact]
    public void A_pass_a_point_lacks_is_an_empty_round_so_round_i_is_the_same_pass_for_every_point()
    {
        var rows = new[] { (4096, 0), (4096, 1), (4096, 2), (65536, 0), (65536, 2) }.Select(x => new ThroughputRow
        {
            Method = "direct", ChunkBytes = x.Item1, Threads = 1, Pass = x.Item2, ThroughputMBps = 50, Cache = "cold",
        });

        var rounds = Throughput.Rounds(rows, 0, "test").Single(m => m.Measurement.Point.Contains("65536")).Rounds;

        Assert.Equal([0, 1, 2], rounds.Select(r => r.Pass));
        Assert.Null(rounds[1].Median);
        Assert.Equal(50, rounds[2].Median);
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
