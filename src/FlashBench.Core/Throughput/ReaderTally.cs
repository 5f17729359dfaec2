namespace FlashBench.Core.Throughput;

/// <summary>What one reader did in one iteration: completed reads only, and its runtime from its start to its last completion.</summary>
public readonly record struct ReaderTally(long Reads, long Bytes, long RereadBytes, long RuntimeTicks, long VerifyFailures);

/// <summary>The readers of one iteration as one group, as fio's group_reporting sums its jobs: bytes of completed
/// reads over the longest reader's runtime (fio stat.c: sum_thread_stats keeps the maximum runtime, and
/// add_ddir_status_json reports bw_bytes = io_bytes × 1000 / runtime; axboe/fio@f5344384).</summary>
public readonly record struct GroupTally(long Reads, long Bytes, long RereadBytes, double Seconds, long MinReadsPerReader, long VerifyFailures)
{
    public double MegabytesPerSecond => Seconds > 0 ? Bytes / Seconds / Units.DecimalMegabyte : 0;

    public static GroupTally Of(ReadOnlySpan<ReaderTally> readers, long ticksPerSecond)
    {
        if (readers.IsEmpty)
            throw new ArgumentException("a group needs at least one reader", nameof(readers));
        long reads = 0, bytes = 0, reread = 0, longest = 0, fewest = long.MaxValue, failures = 0;
        foreach (var reader in readers)
        {
            reads += reader.Reads;
            bytes += reader.Bytes;
            reread += reader.RereadBytes;
            failures += reader.VerifyFailures;
            longest = Math.Max(longest, reader.RuntimeTicks);
            fewest = Math.Min(fewest, reader.Reads);
        }
        return new GroupTally(reads, bytes, reread, longest / (double)ticksPerSecond, fewest, failures);
    }
}
