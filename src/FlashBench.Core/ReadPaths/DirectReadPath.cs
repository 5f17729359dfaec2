using FlashBench.Core.Native;

namespace FlashBench.Core.ReadPaths;

/// <summary>pread on a descriptor opened with O_DIRECT: every read goes to the device.</summary>
public sealed unsafe class DirectReadPath : ReadPath
{
    private readonly UnixFileHandle _handle;

    public DirectReadPath(string filePath) : base(filePath)
    {
        _handle = UnixFileHandle.OpenReadOnly(filePath, bypassCache: true);
    }

    public override ReadMethod Method => ReadMethod.Direct;

    public override ReadOnlySpan<byte> Read(long offset, int length, AlignedBuffer buffer)
    {
        CheckRange(offset, length);
        if (offset % 512 != 0 || length % 512 != 0)
            throw new ArgumentException($"O_DIRECT needs block-aligned offsets and lengths (offset {offset}, length {length})");
        int read = _handle.ReadExactly(buffer.Pointer, length, offset);
        return new ReadOnlySpan<byte>(buffer.Pointer, read);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _handle.Dispose();
    }
}
