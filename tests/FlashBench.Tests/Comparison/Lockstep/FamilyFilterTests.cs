using FlashBench.Bench.Experiments.Micro.Lockstep;

namespace FlashBench.Tests.Comparison.Lockstep;

public sealed class FamilyFilterTests
{
    [Theory]
    [InlineData("read-path", "read-path", true)]
    [InlineData("read-path", "kernel", false)]
    [InlineData("read-path/direct 32K warm", "read-path", true)]
    [InlineData("read-path/direct 32K warm", "window", false)]
    [InlineData("window/", "window", true)]
    [InlineData("window/", "slots", false)]
    [InlineData("kernel/fp16", "kernel", true)]
    [InlineData("32K", "kernel", true)] // names no family: it might match any, so every family is kept
    [InlineData("path", "read-path", true)]
    public void A_worker_prepares_only_the_families_a_filter_can_match(string filter, string family, bool prepared) =>
        Assert.Equal(prepared, FamilyFilter.Selects([filter], family));

    [Fact]
    public void No_filter_keeps_every_family_and_several_filters_add_up()
    {
        Assert.All(FamilyFilter.Families, f => Assert.True(FamilyFilter.Selects([], f)));
        var filters = FamilyFilter.Parse("read-path\nwindow\n");
        Assert.Equal(["read-path", "window"], filters);
        Assert.Equal(["read-path", "window"], FamilyFilter.Families.Where(f => FamilyFilter.Selects(filters, f)));
        Assert.Empty(FamilyFilter.Parse(null));
    }
}
