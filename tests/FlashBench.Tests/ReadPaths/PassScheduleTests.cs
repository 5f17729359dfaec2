using FlashBench.Core.Throughput;

namespace FlashBench.Tests.ReadPaths;

public sealed class PassScheduleTests
{
    private static readonly int[] Points = Enumerable.Range(0, 12).ToArray();

    [Fact]
    public void Every_pass_visits_every_point_once_in_its_own_order()
    {
        var orders = PassSchedule.Orders(Points, passes: 4, seed: 11);
        Assert.Equal(4, orders.Count);
        Assert.All(orders, order => Assert.Equal(Points, order.Order()));
        Assert.True(orders.Select(o => string.Join(",", o)).Distinct().Count() == 4, "two passes share an order");
        Assert.NotEqual(Points, orders[0]);
    }

    [Fact]
    public void The_same_seed_gives_the_same_schedule_and_another_seed_another()
    {
        var first = PassSchedule.Orders(Points, 3, seed: 11);
        Assert.Equal(first, PassSchedule.Orders(Points, 3, seed: 11));
        Assert.NotEqual(first, PassSchedule.Orders(Points, 3, seed: 12));
        Assert.Throws<ArgumentOutOfRangeException>(() => PassSchedule.Orders(Points, 0, seed: 1));
    }
}
