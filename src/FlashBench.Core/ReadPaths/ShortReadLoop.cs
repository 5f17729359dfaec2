namespace FlashBench.Core.ReadPaths;

/// <summary>pread may return fewer bytes than asked (signals, device limits, end of file); every read
/// path goes through this loop so a short return is continued, never mistaken for a full chunk.</summary>
public static class ShortReadLoop
{
    /// <summary>One pread-like call: read at most <paramref name="count"/> bytes into the destination at
    /// <paramref name="destinationOffset"/> from <paramref name="fileOffset"/>; return the count, 0 at end of file.</summary>
    public interface IReadOnce
    {
        int Read(int destinationOffset, int count, long fileOffset);
    }

    /// <summary>Calls <paramref name="reader"/> until <paramref name="length"/> bytes are read or the file ends; returns the bytes read.</summary>
    public static int ReadFully<TReader>(ref TReader reader, int length, long fileOffset) where TReader : struct, IReadOnce
    {
        int done = 0;
        while (done < length)
        {
            int n = reader.Read(done, length - done, fileOffset + done);
            if (n == 0)
                break;
            if (n < 0 || n > length - done)
                throw new IOException($"read returned {n} for a request of {length - done} bytes");
            done += n;
        }
        return done;
    }
}
