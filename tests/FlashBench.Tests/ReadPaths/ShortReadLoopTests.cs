using FlashBench.Core.ReadPaths;

namespace FlashBench.Tests.ReadPaths;

public sealed class ShortReadLoopTests
{
    /// <summary>A source that returns at most <c>MaxPerCall</c> bytes per call, like a pread interrupted early.</summary>
    private struct StingySource(byte[] file, byte[] destination, int maxPerCall) : ShortReadLoop.IReadOnce
    {
        public int Calls;

        public int Read(int destinationOffset, int count, long fileOffset)
        {
            Calls++;
            int n = (int)Math.Min(Math.Min(count, maxPerCall), file.Length - fileOffset);
            file.AsSpan((int)fileOffset, n).CopyTo(destination.AsSpan(destinationOffset));
            return n;
        }
    }

    [Fact]
    public void Short_returns_are_continued_until_the_whole_chunk_is_read()
    {
        byte[] file = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 7 + 1)).ToArray();
        byte[] destination = new byte[4096];
        var source = new StingySource(file, destination, maxPerCall: 1000);
        int read = ShortReadLoop.ReadFully(ref source, 4096, 3000);
        Assert.Equal(4096, read);
        Assert.Equal(5, source.Calls);
        Assert.Equal(file.AsSpan(3000, 4096).ToArray(), destination);
    }

    [Fact]
    public void End_of_file_stops_the_loop_with_the_bytes_there_were()
    {
        byte[] file = new byte[5000];
        byte[] destination = new byte[4096];
        var source = new StingySource(file, destination, maxPerCall: 700);
        Assert.Equal(1000, ShortReadLoop.ReadFully(ref source, 4096, 4000));
    }
}
