using FlashBench.Core.Throughput;

namespace FlashBench.Tests.ReadPaths;

public sealed class MeasurementWindowTests
{
    [Theory]
    [InlineData(100, 200, 0, 1000, 4096, 4096.0)]   // inside: all of it
    [InlineData(900, 1100, 0, 1000, 4096, 2048.0)]  // half after the deadline: half of it
    [InlineData(-50, 150, 0, 1000, 4000, 3000.0)]   // started before the window opened: the part inside
    [InlineData(1000, 1200, 0, 1000, 4096, 0.0)]    // entirely after the deadline
    [InlineData(500, 500, 0, 1000, 4096, 4096.0)]   // a read too fast for the clock
    public void A_read_counts_for_the_share_of_its_duration_inside_the_window(long started, long ended, long windowStart, long deadline, int bytes, double expected) =>
        Assert.Equal(expected, MeasurementWindow.BytesInside(started, ended, windowStart, deadline, bytes), 6);
}
