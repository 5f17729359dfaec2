using FlashBench.Core.Native;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Throughput;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.ReadPaths;

public sealed class ReadMethodBytesTests(TestFileFixture fixture) : IClassFixture<TestFileFixture>
{
    /// <summary>Every method; io_uring only where the kernel allows it (IoUringTests shows the skip and its reason).</summary>
    public static TheoryData<string> Methods =>
        new(ReadMethods.All.Where(m => m != ReadMethod.IoUring || IoUringFactAttribute.Kernel.Value.Supported).Select(m => m.Name()));

    [Theory]
    [MemberData(nameof(Methods))]
    public void Every_method_returns_the_generated_bytes_at_random_offsets(string methodName)
    {
        Assert.True(ReadMethods.TryParse(methodName, out var method));
        RequireDirectIo(method);
        using var path = ReadPath.Open(method, fixture.File.Path);
        using var buffer = new AlignedBuffer(64 << 10);
        var expected = new byte[64 << 10];
        var random = new Random(7);
        foreach (int chunk in new[] { 4096, 16384, 65536 })
        {
            for (int i = 0; i < 40; i++)
            {
                long offset = random.NextInt64(fixture.File.Bytes / chunk) * chunk;
                var actual = path.Read(offset, chunk, buffer);
                fixture.File.Header.ExpectedContent(expected.AsSpan(0, chunk), offset);
                Assert.True(actual.SequenceEqual(expected.AsSpan(0, chunk)), $"{methodName}: wrong bytes at offset {offset}, chunk {chunk}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Verified_runs_across_threads_see_no_wrong_byte(string methodName)
    {
        Assert.True(ReadMethods.TryParse(methodName, out var method));
        RequireDirectIo(method);
        using var runner = new ThroughputRunner(fixture.File, new ThroughputPoint(method, 16384, 4),
            new ThroughputSettings(TimeSpan.FromMilliseconds(50), Verify: true));
        var measurement = runner.MeasureOnce();
        Assert.True(measurement.Reads >= 4 * ThroughputSettings.DefaultMinReadsPerReader, "every reader completes its minimum");
        Assert.Equal(measurement.Reads * 16384, measurement.BytesRead); // completed reads only
        Assert.Equal(0, measurement.VerifyFailures);
    }

    [Fact]
    public void The_first_page_holds_the_header_and_the_rest_is_never_zero()
    {
        using var path = ReadPath.Open(ReadMethod.Buffered, fixture.File.Path);
        using var buffer = new AlignedBuffer(1 << 20);
        var bytes = path.Read(0, 1 << 20, buffer);
        Assert.True(bytes[..8].SequenceEqual("FLSHBNCH"u8));
        Assert.DoesNotContain((byte)0, bytes[32..].ToArray());
        var tail = path.Read(fixture.File.Bytes - (1 << 20), 1 << 20, buffer);
        Assert.DoesNotContain((byte)0, tail.ToArray());
    }

    private void RequireDirectIo(ReadMethod method)
    {
        if (!method.BypassesPageCache())
            return;
        var probe = method.Availability(fixture.File.Path);
        Assert.True(probe.Supported, $"the test folder's file system must support O_DIRECT for this test: {probe.Detail}");
    }
}
