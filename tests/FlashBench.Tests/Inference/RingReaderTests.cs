using FlashBench.Core.Inference.Engine;
using FlashBench.Core.Native;
using FlashBench.Core.ReadPaths;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.Inference;

/// <summary>The latency engine's dense reader and the I/O control on one io_uring ring: the bytes expected land where they
/// belong at every depth, the counts are the reads made, and no read is left in flight when a batch returns, fails or a
/// measurement runs out of its region.</summary>
public sealed unsafe class RingReaderTests(TestFileFixture fixture) : IClassFixture<TestFileFixture>
{
    private const int Pieces = 4, PieceBytes = 1000, SourceStride = 4096, DestinationStride = 1024;

    /// <summary>Chunks of 4 pieces (every 4 KiB of the read, 1000 bytes each) scattered 1 KiB apart, as the dense planner
    /// scatters neuron vectors into DRAM rows.</summary>
    private static List<ReadRequest> Requests(nint destination, int count, long fileBytes)
    {
        var random = new Random(count);
        return Enumerable.Range(0, count).Select(i => new ReadRequest(random.NextInt64(fileBytes / 4096 - Pieces) * 4096, Pieces * SourceStride,
            destination + i * Pieces * DestinationStride, Pieces, PieceBytes, SourceStride, DestinationStride)).ToList();
    }

    [IoUringTheory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(32)]
    public void The_dense_reader_on_a_ring_places_the_expected_bytes_at_every_depth(int depth)
    {
        RequireIoUring();
        const int count = 100;
        using var destination = new AlignedBuffer(count * Pieces * DestinationStride);
        new Span<byte>(destination.Pointer, destination.Length).Clear();
        var requests = Requests((nint)destination.Pointer, count, fixture.File.Bytes);
        using var path = new IoUringReadPath(fixture.File.Path);
        using var reader = new ParallelReader(path, depth, Pieces * SourceStride);

        var (bytes, reads) = reader.Read(requests);

        Assert.Equal(count, reads);
        Assert.Equal((long)count * Pieces * SourceStride, bytes);
        Assert.Equal(1, reader.Threads);
        Assert.Equal(depth, reader.ReadsInFlight);
        Assert.Equal(0, reader.RingInFlight);
        var expected = new byte[PieceBytes];
        foreach (var request in requests)
        {
            for (int p = 0; p < Pieces; p++)
            {
                fixture.File.Header.ExpectedContent(expected, request.FileOffset + (long)p * SourceStride);
                var actual = new ReadOnlySpan<byte>((byte*)request.Destination + p * DestinationStride, PieceBytes);
                Assert.True(actual.SequenceEqual(expected), $"depth {depth}: piece {p} of the read at {request.FileOffset}");
            }
        }
    }

    [IoUringFact]
    public void A_failed_read_leaves_no_read_of_the_batch_in_flight()
    {
        RequireIoUring();
        using var destination = new AlignedBuffer(64 * Pieces * DestinationStride);
        var requests = Requests((nint)destination.Pointer, 64, fixture.File.Bytes);
        // the 10th read runs past the end of the file: a short read, which the reader refuses
        requests[9] = requests[9] with { FileOffset = fixture.File.Bytes - SourceStride };
        using var path = new IoUringReadPath(fixture.File.Path);
        using var reader = new ParallelReader(path, 32, Pieces * SourceStride);

        Assert.Throws<IOException>(() => reader.Read(requests));

        Assert.Equal(0, reader.RingInFlight);
        // the ring is still usable: the next batch reads normally
        requests[9] = requests[8];
        Assert.Equal(64, reader.Read(requests).Reads);
    }

    [IoUringTheory]
    [InlineData(1)]
    [InlineData(32)]
    public void The_control_on_a_ring_reads_its_whole_region_once_and_counts_every_byte(int depth)
    {
        RequireIoUring();
        // 64 MiB in 8 regions: 8 MiB each, 512 reads of 16 KiB
        using var control = new ReadControl([ReadMethod.IoUring], fixture.File.Path, depth, regions: 8, seed: 5);

        var result = control.Measure(ReadMethod.IoUring, 16384, TimeSpan.FromHours(1));

        Assert.Equal(512, result.Reads);
        Assert.Equal(512L * 16384, result.Bytes);
        Assert.False(result.Reused);
        Assert.Equal(0, control.RingInFlight(ReadMethod.IoUring));
    }

    [IoUringFact]
    public void Two_methods_share_the_control_regions_so_neither_re_reads_the_other()
    {
        RequireIoUring();
        using var control = new ReadControl([ReadMethod.Direct, ReadMethod.IoUring], fixture.File.Path, 4, regions: 4, seed: 5);
        Assert.Equal(ReadMethod.Direct, control.Method);

        // four measurements, alternating methods, take the four regions; the fifth has to re-read one
        var results = Enumerable.Range(0, 4).Select(i => control.Measure(i % 2 == 0 ? ReadMethod.Direct : ReadMethod.IoUring, 65536, TimeSpan.FromHours(1))).ToList();
        Assert.All(results, r => Assert.False(r.Reused));
        Assert.All(results, r => Assert.Equal(16L << 20, r.Bytes));
        Assert.True(control.Measure(ReadMethod.IoUring, 65536, TimeSpan.FromMilliseconds(1)).Reused);
        Assert.Throws<ArgumentException>(() => control.Measure(ReadMethod.Buffered, 65536, TimeSpan.FromMilliseconds(1)));
    }

    private void RequireIoUring()
    {
        var probe = ReadMethod.IoUring.Availability(fixture.File.Path);
        Assert.True(probe.Supported, $"the test folder's file system must support O_DIRECT and io_uring for this test: {probe.Detail}");
    }
}
