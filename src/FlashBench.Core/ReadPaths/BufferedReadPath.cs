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
        Span<byte> destination = buffer.Span[..length];
        int done = 0;
        while (done < length) // pread may return fewer bytes than asked
        {
            int n = RandomAccess.Read(_handle, destination[done..], offset + done);
            if (n == 0)
                break;
            done += n;
        }
        return destination[..done];
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _handle.Dispose();
    }
}
