using System.Diagnostics;
using FlashBench.Core.Native.IoUring;
using FlashBench.Core.ReadPaths;
using FlashBench.Core.Throughput;
using FlashBench.Tests.Support;

namespace FlashBench.Tests.ReadPaths;

public sealed class IoUringTests(TestFileFixture fixture) : IClassFixture<TestFileFixture>
{
    [IoUringTheory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(32)]
    [InlineData(128)]
    public void A_queue_brings_the_expected_bytes_into_every_slot_at_every_depth(int depth)
    {
        RequireDirectIo();
        const int slotBytes = 16 << 10;
        using var path = new IoUringReadPath(fixture.File.Path);
        using var queue = path.OpenQueue(depth, slotBytes);
        var random = new Random(depth);
        var offsets = new long[depth];
        var lengths = new int[depth];
        var expected = new byte[slotBytes];
        void Queue(int slot)
        {
            lengths[slot] = 4096 * random.Next(1, slotBytes / 4096 + 1);
            offsets[slot] = random.NextInt64((fixture.File.Bytes - slotBytes) / 4096) * 4096;
            queue.QueueSlot(slot, offsets[slot], lengths[slot]);
        }
        for (int slot = 0; slot < depth; slot++)
            Queue(slot);
        Assert.Equal(depth, queue.InFlight);
        int checkedReads = 0;
        while (checkedReads < 3 * depth + 8)
        {
            queue.SubmitAndWait(1);
            while (queue.TryComplete(out int slot))
            {
                var actual = queue.Completed(slot);
                fixture.File.Header.ExpectedContent(expected.AsSpan(0, lengths[slot]), offsets[slot]);
                Assert.True(actual.SequenceEqual(expected.AsSpan(0, lengths[slot])), $"depth {depth}: wrong bytes at {offsets[slot]} ({lengths[slot]} bytes)");
                checkedReads++;
                Queue(slot);
            }
        }
        queue.Drain();
        Assert.Equal(0, queue.InFlight);
    }

    [IoUringTheory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(32)]
    [InlineData(128)]
    public void A_verified_window_at_every_depth_counts_whole_chunks_and_sees_no_wrong_byte(int depth)
    {
        RequireDirectIo();
        using var runner = new ThroughputRunner(fixture.File, new ThroughputPoint(ReadMethod.IoUring, 16 << 10, 2, depth),
            new ThroughputSettings(TimeSpan.FromMilliseconds(50), Verify: true));
        var m = runner.MeasureOnce();
        Assert.True(m.MinReadsPerReader >= ThroughputSettings.DefaultMinReadsPerReader, $"a reader stopped after {m.MinReadsPerReader} reads");
        Assert.Equal(m.Reads * (16L << 10), m.BytesRead);
        Assert.Equal(0, m.VerifyFailures);
        Assert.True(m.CpuSeconds > 0, "the window's CPU time is recorded");
        Assert.Equal(0, runner.ReadsInFlight);
    }

    [IoUringFact]
    public void A_cancelled_window_returns_early_with_no_read_left_in_flight()
    {
        RequireDirectIo();
        using var runner = new ThroughputRunner(fixture.File, new ThroughputPoint(ReadMethod.IoUring, 32 << 10, 2, 32),
            new ThroughputSettings(TimeSpan.FromSeconds(60)) { MinReadsPerReader = int.MaxValue });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();
        var m = runner.MeasureOnce(cancel.Token);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the window ran {clock.Elapsed} after its cancellation");
        Assert.True(m.Reads > 0);
        Thread.Sleep(100); // a read left in flight would post its completion meanwhile
        Assert.Equal(0, runner.ReadsInFlight);
    }

    [IoUringFact]
    public void A_read_past_the_end_is_continued_after_its_short_return_and_ends_with_the_bytes_there_are()
    {
        RequireDirectIo();
        using var path = new IoUringReadPath(fixture.File.Path);
        using var queue = path.OpenQueue(1, 16 << 10);
        queue.QueueSlot(0, fixture.File.Bytes - 4096, 16 << 10);
        int slot;
        do
            queue.SubmitAndWait(1);
        while (!queue.TryComplete(out slot));
        var expected = new byte[4096];
        fixture.File.Header.ExpectedContent(expected, fixture.File.Bytes - 4096);
        Assert.True(queue.Completed(slot).SequenceEqual(expected));
        Assert.Equal(0, queue.InFlight);
    }

    [Fact]
    public void A_ring_the_kernel_refuses_says_why()
    {
        if (!OperatingSystem.IsLinux())
            return;
        var e = Assert.Throws<IoUringUnavailableException>(() => IoUringRing.Create(0)); // zero entries: EINVAL on every kernel that has io_uring
        Assert.True(e.Errno is 22 or 38 or 1, $"errno {e.Errno}");
        Assert.Contains("io_uring_setup(0) failed", e.Message);
    }

    [Fact]
    public void An_unavailable_io_uring_is_skipped_with_its_reason_and_the_other_methods_stay()
    {
        const string reason = "io_uring_setup(32) failed: Operation not permitted (errno 1); io_uring is disabled for this process";
        var (usable, skipped) = ReadMethodAvailability.Sort([ReadMethod.Direct, ReadMethod.IoUring, ReadMethod.Buffered],
            m => new DirectIoSupport(m != ReadMethod.IoUring, m == ReadMethod.IoUring ? reason : "ok"));
        Assert.Equal([ReadMethod.Direct, ReadMethod.Buffered], usable);
        var skip = Assert.Single(skipped);
        Assert.Equal(ReadMethod.IoUring, skip.Method);
        Assert.Equal(reason, skip.Reason);
    }

    [Fact]
    public void On_a_memory_backed_file_system_io_uring_is_unavailable_with_the_reason()
    {
        if (!Directory.Exists("/dev/shm"))
            return;
        string file = Path.Combine("/dev/shm", $"flashbench-iouring-{Environment.ProcessId}-{Guid.NewGuid():N}.bin");
        try
        {
            File.WriteAllBytes(file, Enumerable.Repeat((byte)7, 64 << 10).ToArray());
            var support = ReadMethod.IoUring.Availability(file);
            Assert.False(support.Supported);
            Assert.False(string.IsNullOrWhiteSpace(support.Detail));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [IoUringFact]
    public void The_micro_read_case_prepared_on_one_thread_reads_on_another()
    {
        // BenchmarkDotNet's in-process runner calls a case on its own thread, not the one that prepared it: the ring
        // must take submissions from that thread (a single-issuer ring refuses them).
        RequireDirectIo();
        const int chunk = 4 << 10;
        using var microCase = new FlashBench.Bench.Experiments.Micro.ReadLoopCase(fixture.File, ReadMethod.IoUring, chunk);
        long bytes = 0;
        Exception? failure = null;
        var runner = new Thread(() =>
        {
            try { bytes = microCase.Run() + microCase.Run(); }
            catch (Exception e) { failure = e; }
        });
        runner.Start();
        runner.Join();
        Assert.Null(failure);
        Assert.Equal(2L * microCase.OperationsPerCall * chunk, bytes);
    }

    private void RequireDirectIo()
    {
        var probe = ReadMethod.IoUring.Availability(fixture.File.Path);
        Assert.True(probe.Supported, $"the test folder's file system must support O_DIRECT and io_uring for this test: {probe.Detail}");
    }
}
