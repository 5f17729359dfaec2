using FlashBench.Core.CrossCheck;
using FlashBench.Core.Results;

namespace FlashBench.Tests.CrossCheck;

public sealed class PairedRoundTests
{
    [Fact]
    public void The_order_of_a_rounds_measurements_rotates_so_each_takes_every_position()
    {
        var orders = Enumerable.Range(0, 3).Select(PairedRound.Order).ToList();
        foreach (RoundRole role in Enum.GetValues<RoundRole>())
            Assert.Equal([0, 1, 2], orders.Select(o => o.ToList().IndexOf(role)).Order());
        Assert.Equal(orders[0], PairedRound.Order(3));
    }

    [Fact]
    public void A_round_runs_fio_twice_and_flashbench_once_in_its_order_and_divides_within_the_round()
    {
        var calls = new List<string>();
        var fioFigures = new Queue<double>([1000, 1100]);
        FioRow Fio()
        {
            calls.Add("fio");
            return new FioRow { ChunkBytes = 4096, Threads = 2, ThroughputMBps = fioFigures.Dequeue() };
        }
        double FlashBench()
        {
            calls.Add("flashbench");
            return 990;
        }

        var row = PairedRound.Run(round: 1, rounds: 5, Fio, FlashBench);

        Assert.Equal(["flashbench", "fio", "fio"], calls); // round 1: FlashBench, control, fio
        Assert.Equal("flashbench fio-control fio", row.Order);
        Assert.Equal(1, row.Round);
        Assert.Equal(5, row.Rounds);
        Assert.Equal(1100, row.ThroughputMBps);   // the reference fio ran last in round 1
        Assert.Equal(1000, row.ControlMBps);
        Assert.Equal(990.0 / 1100, row.Ratio!.Value, 12);
        Assert.Equal(1000.0 / 1100, row.ControlRatio!.Value, 12);
    }
}

public sealed class FioPointCheckTests
{
    private static IEnumerable<FioRow> Rounds(int chunk, params (double Fio, double FlashBench, double Control)[] rounds) =>
        rounds.Select((r, i) => new FioRow
        {
            ChunkBytes = chunk, Threads = 4, Round = i, ThroughputMBps = r.Fio, FlashBenchDirectMBps = r.FlashBench, ControlMBps = r.Control,
        });

    [Fact]
    public void A_point_is_ok_when_flashbench_over_fio_lies_in_the_fio_over_fio_band()
    {
        // control ÷ fio spans 0.95 … 1.05, and 1/0.95 is the widest: the band is [0.95, 1/0.95]; FlashBench ÷ fio has median 0.98
        var rows = Rounds(4096, (1000, 980, 950), (1000, 970, 1050), (1000, 990, 1000), (1000, 975, 1020), (1000, 985, 990));
        var check = Assert.Single(FioPointCheck.From(rows));
        Assert.Equal(0.95, check.BandLow!.Value, 12);
        Assert.Equal(1 / 0.95, check.BandHigh!.Value, 12);
        Assert.Equal(0.98, check.Ratio, 12);
        Assert.True(check.Ok);
        Assert.Equal("ok", check.Verdict);
    }

    [Fact]
    public void A_gap_larger_than_fios_own_noise_is_outside_the_band()
    {
        var rows = Rounds(4096, (1000, 900, 990), (1000, 910, 1010), (1000, 905, 1000), (1000, 895, 1005), (1000, 920, 995));
        var check = Assert.Single(FioPointCheck.From(rows));
        Assert.False(check.Ok);
        Assert.Equal("below fio's band", check.Verdict);
    }

    [Fact]
    public void The_band_always_holds_fio_itself_even_when_every_control_came_out_high()
    {
        var rows = Rounds(65536, (442, 900, 1043), (1007, 860, 1167), (736, 987, 1066), (1021, 1042, 1565), (1085, 1137, 1737));
        var check = Assert.Single(FioPointCheck.From(rows));
        Assert.InRange(1.0, check.BandLow!.Value, check.BandHigh!.Value);
        Assert.Equal(1043.0 / 442, check.BandHigh!.Value, 9);
    }

    [Fact]
    public void A_grid_figure_above_the_best_fio_figure_by_more_than_fios_range_is_flagged()
    {
        var rows = Rounds(1 << 20, (2000, 1990, 2100), (2050, 2040, 1950), (2000, 2010, 2020)).ToList();
        // best fio 2100, range 2100 − 1950 = 150: 2250 is the limit
        Assert.False(FioPointCheck.From(rows, (_, _) => 2240).Single().GridAboveFio);
        var flagged = FioPointCheck.From(rows, (_, _) => 4700).Single();
        Assert.True(flagged.GridAboveFio);
        Assert.Equal(2100, flagged.BestFioMBps);
        Assert.Equal(150, flagged.FioRangeMBps);
        Assert.False(FioPointCheck.From(rows).Single().GridAboveFio); // no grid figure, nothing to flag
    }

    [Fact]
    public void Rows_without_a_control_get_no_verdict()
    {
        var rows = new[] { new FioRow { ChunkBytes = 4096, Threads = 1, ThroughputMBps = 50, FlashBenchDirectMBps = 49 } };
        var check = Assert.Single(FioPointCheck.From(rows));
        Assert.False(check.HasControl);
        Assert.False(check.Ok);
        Assert.Equal("no fio ÷ fio control", check.Verdict);
    }
}
