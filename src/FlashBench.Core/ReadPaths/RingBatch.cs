namespace FlashBench.Core.ReadPaths;

/// <summary>One batch of reads on an <see cref="IoUringQueue"/>: what read <c>index</c> is and where it goes
/// (<see cref="Queue"/>), and what to do with it once in (<see cref="Completed"/>).</summary>
public interface IRingBatch
{
    /// <summary>Queues read <paramref name="index"/> of the batch on <paramref name="queue"/> in <paramref name="slot"/>.</summary>
    void Queue(IoUringQueue queue, int slot, int index);

    /// <summary>The read in <paramref name="slot"/> has all its bytes (or hit the end of the file): check and place them.</summary>
    void Completed(IoUringQueue queue, int slot);
}

public static class RingBatch
{
    /// <summary>Reads <paramref name="count"/> reads of <paramref name="batch"/> on one ring from the calling thread, the
    /// queue's depth in flight: every free slot gets the next read, the new reads go to the kernel in the same
    /// io_uring_enter that waits for <see cref="IoUringQueue.ReapBatch"/> completions, and every posted completion is
    /// reaped without a system call. Returns with nothing in flight, also when a read fails (<see cref="IoUringQueue.Drain"/>).
    /// <paramref name="free"/> is the caller's scratch of at least the queue's depth, so a batch allocates nothing.</summary>
    public static void Run<T>(IoUringQueue queue, int count, int[] free, T batch) where T : IRingBatch
    {
        int depth = queue.Depth, available = depth, next = 0, done = 0;
        if (free.Length < depth)
            throw new ArgumentException($"{free.Length} free-slot entries for a depth of {depth}", nameof(free));
        for (int i = 0; i < depth; i++)
            free[i] = depth - 1 - i;
        try
        {
            while (done < count)
            {
                while (available > 0 && next < count)
                    batch.Queue(queue, free[--available], next++);
                queue.SubmitAndWait(queue.ReapBatch);
                while (queue.TryComplete(out int slot))
                {
                    // free the slot before the callback: a failing check still leaves the slot accounted for
                    free[available++] = slot;
                    done++;
                    batch.Completed(queue, slot);
                }
            }
        }
        finally
        {
            queue.Drain();
        }
    }
}
