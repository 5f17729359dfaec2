using FlashBench.Core.Native;
using Microsoft.Win32.SafeHandles;

namespace FlashBench.Core.ReadPaths;

/// <summary>RandomAccess.Read (pread) through the page cache.</summary>
public sealed class BufferedReadPath : ReadPath
{
    private readonly SafeFileHandle _handle;

    public BufferedReadPath(string filePath) : base(filePath)
    {
        _handle = File.OpenHandle(filePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, FileOptions.RandomAccess);
    }

    public override ReadMethod Method => ReadMethod.Buffered;

    public override ReadOnlySpan<byte> Read(long offset, int length, AlignedBuffer buffer)
    {
        CheckRange(offset, length);
        var reader = new RandomAccessRead(_handle, buffer);
        int done = ShortReadLoop.ReadFully(ref reader, length, offset);
        return buffer.Span[..done];
    }

    private readonly struct RandomAccessRead(SafeFileHandle handle, AlignedBuffer buffer) : ShortReadLoop.IReadOnce
    {
        public int Read(int destinationOffset, int count, long fileOffset) =>
            RandomAccess.Read(handle, buffer.Span.Slice(destinationOffset, count), fileOffset);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _handle.Dispose();
    }
}
